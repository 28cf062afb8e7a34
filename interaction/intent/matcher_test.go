package intent

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// referenceScore is the rule-by-rule scan the automaton replaces: every keyword
// searched for on its own, every pattern run. The one-pass matcher must score
// every comment exactly as it does.
func referenceScore(c *Classifier, t string) []float64 {
	scores := make([]float64, len(c.rules))
	if t == "" {
		return scores
	}
	for i, r := range c.rules {
		for _, k := range r.keywords {
			if referenceHit(c, t, k) {
				scores[i] += k.weight
			}
		}
		for _, p := range r.patterns {
			if p.re.MatchString(t) {
				scores[i] += p.weight
			}
		}
	}
	if c.repeat != nil && longestRun(t, c.repeat.ignore) >= c.repeat.minRun {
		scores[c.repeat.rule] += c.repeat.weight
	}
	return scores
}

// longestRun is the length of the longest run of one repeated character in t,
// skipping characters in ignore and spaces.
func longestRun(t, ignore string) int {
	best, run := 0, 0
	var prev rune = -1
	for _, r := range t {
		if r == ' ' || strings.ContainsRune(ignore, r) {
			prev, run = -1, 0
			continue
		}
		if r == prev {
			run++
		} else {
			prev, run = r, 1
		}
		best = max(best, run)
	}
	return best
}

func referenceHit(c *Classifier, t string, k keyword) bool {
	for from := 0; from < len(t); {
		i := strings.Index(t[from:], k.text)
		if i < 0 {
			return false
		}
		i += from
		from = i + 1
		if k.ascii && !bounded(t, i, i+len(k.text), &k) {
			continue
		}
		if k.negate && c.negated(t[:i]) {
			continue
		}
		return true
	}
	return false
}

func checkSameScores(t *testing.T, c *Classifier, text string) {
	t.Helper()
	norm := normalize(text)
	if want := fold(text); norm != want {
		t.Fatalf("normalize(%q) = %q, want %q", text, norm, want)
	}
	got := make([]float64, len(c.rules))
	c.score(norm, got)
	if want := referenceScore(c, norm); !slices.Equal(got, want) {
		t.Fatalf("score(%q) = %v, want %v", norm, got, want)
	}
}

// TestMatcherScoresAsReference compares the matcher with the reference scan on
// every labelled comment, so results are the same, not merely as accurate.
func TestMatcherScoresAsReference(t *testing.T) {
	c := loadTestClassifier(t)
	n := 0
	for _, path := range []string{"testdata/labelled.tsv", "testdata/holdout.tsv",
		"testdata/holdout2.tsv"} {
		rows, err := LoadLabelled(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			checkSameScores(t, c, r.Text)
			n++
		}
	}
	extra := []string{"hi hi hihi", "don't want want", "不想要 想要", "www.x.com 13812345678",
		"+86 138 1234 5678", "扣 111", " a", "a ", "a  b", "Ab", "\u00a0x", "ｘ", "刷刷刷刷刷刷",
		"哈哈哈哈哈哈哈", "aaa aaa", "还有黑色的吗", "6666", "a666b", "@shop_01 dm me"}
	for _, s := range extra {
		checkSameScores(t, c, s)
	}
	if n < 300 {
		t.Fatalf("compared %d labelled comments, want >= 300", n)
	}
}

func TestAutomatonFindsOverlaps(t *testing.T) {
	needles := []string{"he", "she", "his", "hers", "想要", "要"}
	a, err := newAutomaton(needles)
	if err != nil {
		t.Fatal(err)
	}
	type hit struct {
		needle     string
		start, end int
	}
	var got []hit
	text := "ushers 想要"
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.step(s, text[i])
		for _, id := range a.ends(s) {
			got = append(got, hit{needles[id], i + 1 - int(a.length[id]), i + 1})
		}
	}
	want := []hit{{"she", 1, 4}, {"he", 2, 4}, {"hers", 2, 6}, {"想要", 7, 13}, {"要", 10, 13}}
	if !slices.Equal(got, want) {
		t.Fatalf("hits = %v, want %v", got, want)
	}
}

func TestAutomatonRefusesWhatItCannotNumber(t *testing.T) {
	if _, err := newAutomaton([]string{"a", ""}); !errors.Is(err, ErrLexicon) {
		t.Errorf("empty needle: err = %v, want ErrLexicon", err)
	}
	var needles []string
	for i := range 300 { // 300 needles that part after two bytes: over 72,000 states
		needles = append(needles, fmt.Sprintf("%c%c", 'a'+i/20, 'a'+i%20)+
			strings.Repeat("z", 239))
	}
	if _, err := newAutomaton(needles); !errors.Is(err, ErrLexicon) {
		t.Errorf("over 72,000 states: err = %v, want ErrLexicon", err)
	}
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`https?://`, []string{"http"}},
		{`(^|\D)666`, []string{"666"}},
		{`^6+$`, []string{"6"}},
		{`\d{6,}`, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{`还有.{1,6}吗`, []string{"还有"}},
		{`^扣\s*1+`, []string{"扣"}},
		{`(ab|cd)x?`, []string{"ab", "cd"}},
		{`a*`, nil},
		{`(?i)abc`, nil},
		{`[^x]`, nil},
		{`(ab|c*)`, nil},
	}
	for _, tt := range tests {
		if got := requiredLiterals(tt.expr); !slices.Equal(got, tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

// FuzzMatcher checks the matcher against the reference scan on any comment.
func FuzzMatcher(f *testing.F) {
	c := loadTestClassifier(f)
	for _, s := range []string{"想要", "不想要", "hi this", "www.a.cn", "会不会过敏", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSameScores(t, c, text)
	})
}
