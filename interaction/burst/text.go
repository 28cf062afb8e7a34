package burst

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// particles are sentence-final particles that change a comment's tone, not what it
// asks: "多少钱啊" asks what "多少钱" does.
const particles = "啊呀呢吧啦嘛哦噢哇喔"

// normalize folds a comment into the form near-identical comments share: full-width
// ASCII to half-width, lower case, only letters and digits (no spaces, punctuation,
// symbols or emoji), runs of one character to one ("111" → "1", "扣11" → "扣1"),
// and trailing particles dropped.
func normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	last := rune(-1)
	for _, r := range text {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == last {
			continue
		}
		last = r
		b.WriteRune(r)
	}
	s := b.String()
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune(particles, r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// bigrams is the sorted set of a text's adjacent rune pairs, each packed into one
// word so that two sets intersect by a merge walk.
func bigrams(text string) []uint64 {
	rs := []rune(text)
	if len(rs) < 2 {
		return nil
	}
	set := make([]uint64, 0, len(rs)-1)
	for i := 1; i < len(rs); i++ {
		set = append(set, uint64(rs[i-1])<<32|uint64(rs[i]))
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets; 0 when both are empty.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}
