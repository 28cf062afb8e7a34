package phrase

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// AdLaw is the list of terms that China's advertising law and the cosmetics
// rules keep out of a sales line: superlatives, absolute promises and medical
// claims. Allowed lists phrases that contain a forbidden term without making
// the claim, such as 最近 or 最后 for 最.
type AdLaw struct {
	Forbidden []string `yaml:"forbidden"`
	Allowed   []string `yaml:"allowed"`
}

// DefaultAdLaw is the list configs/adlaw.yaml ships with.
func DefaultAdLaw() AdLaw {
	return AdLaw{
		Forbidden: []string{
			"最", "第一", "国家级", "世界级", "全球级", "顶级", "顶尖", "极品", "极致",
			"100%", "百分百", "百分之百", "根治", "永久", "首个", "首家", "首选",
			"唯一", "独家", "特效", "奇效", "神效", "速效", "治疗", "疗效", "药用",
			"医用", "药妆", "消炎", "杀菌", "祛斑", "修复", "除皱", "再生", "生发",
			"无副作用", "纯天然", "立竿见影", "万能", "绝对", "完美", "无敌", "王牌",
			"史无前例", "全网最低", "保证", "换肤",
			"best", "no.1", "number one", "cure", "cures", "heal", "heals", "medical",
			"permanent", "permanently", "guarantee", "guaranteed", "miracle",
			"perfect", "100 percent",
		},
		Allowed: []string{"最近", "最后", "最晚", "最早", "最少", "第一次", "第一步", "第一时间"},
	}
}

// ParseAdLaw decodes an advertising-law list from YAML; name labels errors.
func ParseAdLaw(data []byte, name string) (AdLaw, error) {
	var a AdLaw
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return AdLaw{}, fmt.Errorf("%s: %w: %w", name, ErrSchema, err)
	}
	if len(a.Forbidden) == 0 {
		return AdLaw{}, fmt.Errorf("%s: %w: forbidden list is empty", name, ErrSchema)
	}
	return a, nil
}

// LoadAdLaw reads an advertising-law list such as configs/adlaw.yaml.
func LoadAdLaw(path string) (AdLaw, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return AdLaw{}, fmt.Errorf("load ad law: %w", err)
	}
	return ParseAdLaw(data, path)
}

// Violations returns the forbidden terms text uses, sorted, ignoring case
// and the allowed phrases. Latin terms match whole words only.
func (a AdLaw) Violations(text string) []string {
	lower := strings.ToLower(text)
	excused := make([]bool, len(lower))
	for _, ok := range a.Allowed {
		ok = strings.ToLower(ok)
		for _, at := range indexAll(lower, ok) {
			for i := at; i < at+len(ok); i++ {
				excused[i] = true
			}
		}
	}
	var found []string
	for _, term := range a.Forbidden {
		t := strings.ToLower(term)
		for _, at := range indexAll(lower, t) {
			if !excused[at] && wholeWord(lower, at, len(t)) {
				found = append(found, term)
				break
			}
		}
	}
	sort.Strings(found)
	return found
}

func indexAll(s, sub string) []int {
	if sub == "" {
		return nil
	}
	var at []int
	for off := 0; ; {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return at
		}
		at = append(at, off+i)
		off += i + len(sub)
	}
}

// wholeWord reports whether a Latin match at s[at:at+n] is not part of a
// longer Latin word; matches of other scripts always count.
func wholeWord(s string, at, n int) bool {
	latin := func(b byte) bool { return b < 0x80 && (unicode.IsLetter(rune(b))) }
	if !latin(s[at]) && !latin(s[at+n-1]) {
		return true
	}
	if at > 0 && latin(s[at-1]) && latin(s[at]) {
		return false
	}
	end := at + n
	return !(end < len(s) && latin(s[end]) && latin(s[end-1]))
}
