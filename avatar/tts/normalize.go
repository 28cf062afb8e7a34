package tts

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The patterns NormalizeZh rewrites, in the order it applies them.
var (
	reThousands = regexp.MustCompile(`(\d),(\d{3})`)
	reCurrency  = regexp.MustCompile(`[¥￥]\s*(\d+(?:\.\d+)?)`)
	rePercent   = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*[%％]`)
	reDiscount  = regexp.MustCompile(`(\d)\.(\d)\s*折`)
	reClock     = regexp.MustCompile(`\b(\d{1,2})[:：](\d{2})\b`)
	reYear      = regexp.MustCompile(`(\d{4})\s*年`)
	reUnit      = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(ml|mL|ML|kg|KG|g|cm|mm)\b`)
	reNumber    = regexp.MustCompile(`\d+(?:\.\d+)?`)
)

// unitWords reads measurement units the way a host says them.
var unitWords = map[string]string{
	"ml": "毫升", "mL": "毫升", "ML": "毫升",
	"g": "克", "kg": "公斤", "KG": "公斤",
	"cm": "厘米", "mm": "毫米",
}

// classifiers are measure words after which 2 is read 两 (2瓶 → 两瓶).
const classifiers = "个瓶件支盒套片袋份只罐款种次位块"

// minDigitByDigit is the length from which an integer is an identifier
// (a phone or order number) read digit by digit rather than as a quantity.
const minDigitByDigit = 7

// NormalizeZh rewrites the numbers in a Mandarin line as Chinese words,
// because espeak-ng's Mandarin voice reads Arabic digits poorly:
// ¥199 → 一百九十九元, 50% → 百分之五十, 8.5折 → 八五折, 满300减50 → 满三百减五十.
func NormalizeZh(text string) string {
	text = fullWidthDigits(text)
	for reThousands.MatchString(text) {
		text = reThousands.ReplaceAllString(text, "$1$2")
	}
	text = replaceSub(reCurrency, text, func(m []string) string {
		return chineseNumber(m[1]) + "元"
	})
	text = replaceSub(rePercent, text, func(m []string) string {
		return "百分之" + chineseNumber(m[1])
	})
	text = replaceSub(reDiscount, text, func(m []string) string {
		return chineseDigits(m[1]+m[2]) + "折"
	})
	text = replaceSub(reClock, text, readClock)
	text = replaceSub(reYear, text, func(m []string) string { return chineseDigits(m[1]) + "年" })
	text = replaceSub(reUnit, text, func(m []string) string {
		return chineseNumber(m[1]) + unitWords[m[2]]
	})
	return readNumbers(text)
}

func readClock(m []string) string {
	out := chineseInt(m[1]) + "点"
	switch {
	case m[2] == "00":
	case m[2] == "30":
		out += "半"
	case m[2][0] == '0':
		out += "零" + chineseDigits(m[2][1:]) + "分"
	default:
		out += chineseInt(m[2]) + "分"
	}
	return out
}

// readNumbers reads every remaining number, looking at the character after
// it to choose 两 for a counted 2.
func readNumbers(text string) string {
	var b strings.Builder
	last := 0
	for _, loc := range reNumber.FindAllStringIndex(text, -1) {
		b.WriteString(text[last:loc[0]])
		num := text[loc[0]:loc[1]]
		next, _ := utf8.DecodeRuneInString(text[loc[1]:])
		switch {
		case num == "2" && strings.ContainsRune(classifiers, next):
			b.WriteString("两")
		case !strings.Contains(num, ".") && (len(num) >= minDigitByDigit ||
			(len(num) > 1 && num[0] == '0')):
			b.WriteString(chineseDigits(num))
		default:
			b.WriteString(chineseNumber(num))
		}
		last = loc[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

func replaceSub(re *regexp.Regexp, text string, f func([]string) string) string {
	return re.ReplaceAllStringFunc(text, func(s string) string {
		return f(re.FindStringSubmatch(s))
	})
}

func fullWidthDigits(text string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		}
		return r
	}, text)
}
