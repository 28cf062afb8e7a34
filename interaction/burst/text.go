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
	return string(appendNormalized(nil, text))
}

// appendNormalized appends normalize(text) to dst, so that a caller can fold
// into a buffer it reuses.
func appendNormalized(dst []byte, text string) []byte {
	start := len(dst)
	last := rune(-1)
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				continue
			}
		case r >= 0xFF01 && r <= 0xFF5E:
			r = foldRune(r - 0xFEE0)
		default:
			r = foldRune(r)
		}
		if r < 0 || r == last {
			continue
		}
		last = r
		dst = utf8.AppendRune(dst, r)
	}
	for len(dst) > start {
		r, size := utf8.DecodeLastRune(dst[start:])
		if !strings.ContainsRune(particles, r) {
			break
		}
		dst = dst[:len(dst)-size]
	}
	return dst
}

// foldRune is r in lower case when it is a letter or a digit, else -1.
func foldRune(r rune) rune {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return -1
	}
	return unicode.ToLower(r)
}

// bigrams is the sorted set of a text's adjacent rune pairs, each packed into one
// word so that two sets intersect by a merge walk.
func bigrams(text string) []uint64 {
	return appendBigrams(nil, []byte(text))
}

// appendBigrams appends the sorted set of text's bigrams to dst; it appends
// nothing to a text of fewer than two runes.
func appendBigrams(dst []uint64, text []byte) []uint64 {
	start := len(dst)
	prev, size := utf8.DecodeRune(text)
	for i := size; i < len(text); i += size {
		var r rune
		r, size = utf8.DecodeRune(text[i:])
		dst = append(dst, uint64(prev)<<32|uint64(r))
		prev = r
	}
	slices.Sort(dst[start:])
	return dst[:start+len(slices.Compact(dst[start:]))]
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
