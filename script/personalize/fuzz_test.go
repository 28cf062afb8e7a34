package personalize

import (
	"errors"
	"strings"
	"testing"
)

// FuzzGuardCheck feeds the guard what a model might stream: it must answer
// pass or a *Violation, never fail otherwise.
func FuzzGuardCheck(f *testing.F) {
	for _, s := range []string{"只要199元！", "九块九", "百分之九十", "加vx：abc_123", "八五折",
		"一百九十九点九九元", "万万万块", "点点点元", "138-0013-8000", "www.a.cn", "\xff\xfe",
		"治\u200b愈", "ｗｗｗ．ａ．ｃｏｍ", "The best 100 percent", "1.2.3.4元"} {
		f.Add(s)
	}
	g := NewGuard(GuardConfig{Competitors: []string{"兰蔻"}})
	card := testCard()
	f.Fuzz(func(t *testing.T, text string) {
		err := g.Check(text, card)
		var v *Violation
		if err != nil && (!errors.As(err, &v) || v.Rule == "") {
			t.Fatalf("Check(%q) = %v, want nil or a *Violation with a rule", text, err)
		}
	})
}

// FuzzClauseSplitter checks that splitting loses and adds nothing, however
// the stream is cut into chunks.
func FuzzClauseSplitter(f *testing.F) {
	f.Add("宝宝们，这款精华今天只要199元。干皮能用吗？能！", 3)
	f.Add("Only 9.9 yuan. Grab it, now, friends!", 1)
	f.Add("1,000 bottles sold… 哇", 5)
	f.Fuzz(func(t *testing.T, text string, size int) {
		size = 1 + abs(size)%7
		var s clauseSplitter
		var clauses []string
		runes := []rune(text)
		for i := 0; i < len(runes); i += size {
			clauses = append(clauses, s.push(string(runes[i:min(i+size, len(runes))]))...)
		}
		rest := s.flush()
		got := strings.Join(clauses, "") + rest
		if strings.TrimSpace(got) != strings.TrimSpace(string(runes)) {
			t.Fatalf("split %q into %q + %q", text, clauses, rest)
		}
		for _, c := range clauses {
			if c == "" {
				t.Fatalf("empty clause from %q", text)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestQuantities(t *testing.T) {
	tests := []struct {
		text string
		want []float64
	}{
		{"只要199元", []float64{199}},
		{"九块九", []float64{9.9}},
		{"一百九十九元", []float64{199}},
		{"八五折", []float64{8.5}},
		{"七折", []float64{7}},
		{"百分之九十", []float64{90}},
		{"三十毫升", []float64{30}},
		{"两万件", []float64{20000}},
		{"3万件", []float64{30000}},
		{"三点五克", []float64{3.5}},
		{"一起来看看", nil},
		{"十分好用", nil},
	}
	for _, tt := range tests {
		var got []float64
		for _, q := range quantities(normalize(tt.text)) {
			got = append(got, q.value)
		}
		if len(got) != len(tt.want) {
			t.Errorf("quantities(%q) = %v, want %v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if round2(got[i]) != tt.want[i] {
				t.Errorf("quantities(%q) = %v, want %v", tt.text, got, tt.want)
			}
		}
	}
}

func TestQuantitiesRanges(t *testing.T) {
	for text, want := range map[string]float64{"两三天": 3, "三四瓶": 4, "八五折": 8.5, "一两个月": 2} {
		qs := quantities(normalize(text))
		if len(qs) != 1 || qs[0].value != want {
			t.Errorf("quantities(%q) = %+v, want one of %v", text, qs, want)
		}
	}
}
