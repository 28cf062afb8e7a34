package personalize

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/script/show"
)

// quantity is a number a text states, with the unit it came with.
type quantity struct {
	value float64
	unit  string
	text  string
}

// factual reports whether a quantity states a fact that must be on the card:
// any money, discount, percentage or weight/volume, a decimal, or a number of
// ten or more. Single digits without such a unit ("扣1", "一天两次",
// "3号链接") are the host's everyday speech, not facts.
func (q quantity) factual() bool {
	switch q.unit {
	case "元", "块", "块钱", "¥", "%", "折", "ml", "毫升", "g", "克", "mg", "毫克", "l", "升":
		return true
	}
	return q.value >= 10 || q.value != math.Trunc(q.value)
}

const units = `块钱|元|块|%|折|ml|毫升|mg|毫克|g|克|l|升|件|瓶|支|片|盒|套|天|小时|周|个月|倍`

var (
	arabicNumber = regexp.MustCompile(
		`([¥])?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(` + units + `)?`)
	hanNumber = regexp.MustCompile(
		`(百分之)?([零〇一二两三四五六七八九十百千万点]+)(` + units + `)?([一二三四五六七八九])?`)
)

// quantities returns the numbers text states, Arabic and Chinese. Chinese
// numerals count only with a unit or after 百分之, since 一 and 十 are
// everyday characters ("一起", "十分").
func quantities(normalized string) []quantity {
	var out []quantity
	if strings.ContainsAny(normalized, "0123456789") {
		for _, at := range arabicNumber.FindAllStringSubmatchIndex(normalized, -1) {
			if q, ok := arabicQuantity(normalized, at); ok {
				out = append(out, q)
			}
		}
	}
	if !strings.ContainsAny(normalized, "零〇一二两三四五六七八九十百千万") {
		return out
	}
	// 一块一块 is patch after patch, not one yuan: 块 is a measure word too.
	normalized = strings.ReplaceAll(normalized, "一块一块", "一片一片")
	for _, m := range hanNumber.FindAllStringSubmatch(normalized, -1) {
		if q, ok := hanQuantity(m); ok {
			out = append(out, q)
		}
	}
	return out
}

// arabicQuantity reads one match of arabicNumber given as submatch indexes.
// A Latin unit glued to a following letter is a word, not a unit: "1 look".
func arabicQuantity(text string, at []int) (quantity, bool) {
	part := func(i int) string {
		if at[2*i] < 0 {
			return ""
		}
		return text[at[2*i]:at[2*i+1]]
	}
	v, err := strconv.ParseFloat(part(2), 64)
	if err != nil {
		return quantity{}, false
	}
	if part(3) != "" {
		v *= 10000
	}
	unit := part(4)
	if unit != "" && latinOnly(unit) && at[1] < len(text) && isLatinLetter(text[at[1]]) {
		unit = ""
	}
	if part(1) != "" {
		unit = "¥"
	}
	return quantity{value: v, unit: unit, text: strings.TrimSpace(text[at[0]:at[1]])}, true
}

func isLatinLetter(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// hanQuantity reads one match of hanNumber: 百分之三十, 三十毫升, 九块九, 八五折.
func hanQuantity(m []string) (quantity, bool) {
	percent, digits, unit, tail := m[1] != "", m[2], m[3], m[4]
	if !percent && unit == "" {
		return quantity{}, false
	}
	v, ok := parseHan(digits)
	if !ok {
		return quantity{}, false
	}
	if plain := !strings.ContainsAny(digits, "十百千万点"); plain && utf8.RuneCountInString(digits) > 1 {
		if unit == "折" {
			v /= 10 // 八五折 is 8.5折
		} else {
			v = maxHanDigit(digits) // 两三天 is two or three days
		}
	}
	if (unit == "块" || unit == "元") && tail != "" {
		frac, _ := parseHan(tail)
		v += frac / 10 // 九块九 is 9.9元
	}
	if percent {
		unit = "%"
	}
	return quantity{value: v, unit: unit, text: m[0]}, true
}

func maxHanDigit(s string) float64 {
	var m float64
	for _, r := range s {
		m = max(m, hanDigits[r])
	}
	return m
}

var hanDigits = map[rune]float64{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var hanScales = map[rune]float64{'十': 10, '百': 100, '千': 1000, '万': 10000}

// parseHan reads a Chinese numeral such as 一百九十九, 三点五, 八五 or 两万.
func parseHan(s string) (float64, bool) {
	if i := strings.IndexRune(s, '点'); i >= 0 {
		whole, ok1 := parseHan(s[:i])
		frac, ok2 := parseHanDigits(s[i+len("点"):])
		if !ok1 || !ok2 {
			return 0, false
		}
		return whole + frac/math.Pow(10, float64(utf8.RuneCountInString(s[i+len("点"):]))), true
	}
	if !strings.ContainsAny(s, "十百千万") {
		return parseHanDigits(s)
	}
	if !strings.ContainsAny(s, "零〇一二两三四五六七八九") && !strings.HasPrefix(s, "十") {
		return 0, false // 万 or 百 alone is a word, not a number
	}
	var total, section, digit float64
	for _, r := range s {
		if d, ok := hanDigits[r]; ok {
			digit = d
			continue
		}
		scale := hanScales[r]
		if scale == 10000 {
			total = (total + section + digit) * scale
			section, digit = 0, 0
			continue
		}
		if digit == 0 && scale == 10 {
			digit = 1 // 十五 is 15
		}
		section += digit * scale
		digit = 0
	}
	return total + section + digit, s != ""
}

// parseHanDigits reads digit by digit: 八五 is 85.
func parseHanDigits(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	var v float64
	for _, r := range s {
		d, ok := hanDigits[r]
		if !ok {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

// unitClass groups units that state the same kind of fact, so 5ml on the
// card does not ground 五折 in a line. "" is a unit that says no kind.
func unitClass(unit string) string {
	switch unit {
	case "元", "块", "块钱", "¥":
		return "money"
	case "%", "折", "ml", "毫升", "g", "克", "mg", "毫克":
		return unit
	case "l", "升":
		return "ml"
	}
	return ""
}

// numKey is a value of a class of unit.
type numKey struct {
	class string
	value float64
}

// numberSet is the set of values a text may state: a value of a class
// grounds the same value of that class or of no class; a value of no class
// grounds the value of any class.
type numberSet struct {
	keys   map[numKey]bool
	values map[float64]bool
}

func newNumberSet() *numberSet {
	return &numberSet{keys: map[numKey]bool{}, values: map[float64]bool{}}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// has reports whether q is grounded by the set; a nil set grounds nothing.
func (s *numberSet) has(q quantity) bool {
	if s == nil {
		return false
	}
	v, class := round2(q.value), unitClass(q.unit)
	if class == "" {
		return s.values[v]
	}
	return s.keys[numKey{class, v}] || s.keys[numKey{"", v}]
}

func (s *numberSet) add(class string, v float64) {
	s.keys[numKey{class, round2(v)}] = true
	s.values[round2(v)] = true
}

// addText adds every number a text states, factual or not; a number without
// a unit takes class def.
func (s *numberSet) addText(text, def string) {
	for _, q := range quantities(normalize(text)) {
		class := unitClass(q.unit)
		if class == "" {
			class = def
		}
		s.add(class, q.value)
	}
}

// cardNumbers is every number the card states, in its fields or its prices,
// plus the discount the prices imply (299 → 199 is about 6.7折, said 7折).
func cardNumbers(c *show.ProductCard) *numberSet {
	s := newNumberSet()
	if c == nil {
		return s
	}
	for _, v := range []float64{c.Price, c.OriginalPrice, c.Saving()} {
		if v > 0 {
			s.add("money", v)
		}
	}
	if c.Stock > 0 {
		s.add("", float64(c.Stock))
	}
	if c.OriginalPrice > c.Price && c.Price > 0 {
		rate := c.Price / c.OriginalPrice * 10
		s.add("折", math.Round(rate*10)/10)
		s.add("折", math.Round(rate))
	}
	s.addText(c.Coupon, "money")
	s.addText(c.EN.Coupon, "money")
	for _, text := range cardTexts(c) {
		s.addText(text, "")
	}
	return s
}

// cardTexts lists the card's free-text fields in both languages.
func cardTexts(c *show.ProductCard) []string {
	texts := []string{c.Name, c.Category, c.Positioning, c.Gift, c.Scent,
		c.Texture, c.Spec, c.Packaging, c.Usage, c.Shipping, c.AfterSales,
		c.EN.Name, c.EN.Category, c.EN.Gift, c.EN.Scent, c.EN.Texture,
		c.EN.Packaging, c.EN.Usage, c.EN.Shipping}
	for _, list := range [][]string{c.Efficacy, c.Ingredients, c.PainPoints, c.SuitableSkin,
		c.UnsuitableSkin, c.Audience, c.EN.Efficacy, c.EN.Ingredients, c.EN.PainPoints,
		c.EN.Skin} {
		texts = append(texts, list...)
	}
	return texts
}
