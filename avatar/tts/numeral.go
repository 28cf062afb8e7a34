package tts

import "strings"

var (
	zhDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	zhUnits  = []string{"", "十", "百", "千"}
	zhGroups = []string{"", "万", "亿", "万亿"}
)

// chineseInt reads a non-negative integer in digits ("30050") as a Chinese
// numeral ("三万零五十"). Integers too long to read as a number
// (over sixteen digits) are read digit by digit.
func chineseInt(digits string) string {
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return zhDigits[0]
	}
	if len(digits) > 16 {
		return chineseDigits(digits)
	}
	var groups []string // four-digit groups, least significant first
	for end := len(digits); end > 0; end -= 4 {
		groups = append(groups, digits[max(0, end-4):end])
	}
	var b strings.Builder
	zeroPending := false
	for g := len(groups) - 1; g >= 0; g-- {
		s := chineseGroup(groups[g], b.Len() > 0)
		if s == "" {
			zeroPending = b.Len() > 0
			continue
		}
		if zeroPending && !strings.HasPrefix(s, zhDigits[0]) {
			b.WriteString(zhDigits[0])
		}
		zeroPending = false
		b.WriteString(s)
		b.WriteString(zhGroups[g])
	}
	out := b.String()
	// 一十 is read 十 when it leads the number: 15 → 十五, 150000 → 十五万.
	if strings.HasPrefix(out, "一十") {
		out = strings.TrimPrefix(out, "一")
	}
	return out
}

// chineseGroup reads up to four digits; inner says a higher group came
// before, so a group starting with zeros needs a leading 零 (1005 → 一千零五).
func chineseGroup(g string, inner bool) string {
	g = strings.Repeat("0", 4-len(g)) + g
	var b strings.Builder
	zero := false
	started := false
	for i, c := range g {
		d := int(c - '0')
		unit := zhUnits[3-i]
		if d == 0 {
			zero = started || inner
			continue
		}
		if zero {
			b.WriteString(zhDigits[0])
		}
		zero = false
		started = true
		b.WriteString(zhDigits[d])
		b.WriteString(unit)
	}
	return b.String()
}

// chineseDigits reads each digit on its own: "2024" → "二零二四".
func chineseDigits(digits string) string {
	var b strings.Builder
	for _, c := range digits {
		if c >= '0' && c <= '9' {
			b.WriteString(zhDigits[c-'0'])
		}
	}
	return b.String()
}

// chineseNumber reads a decimal number: "19.9" → "十九点九".
func chineseNumber(s string) string {
	whole, frac, ok := strings.Cut(s, ".")
	out := chineseInt(whole)
	if ok && strings.Trim(frac, "0") != "" {
		out += "点" + chineseDigits(strings.TrimRight(frac, "0"))
	}
	return out
}
