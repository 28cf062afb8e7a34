package personalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize folds the tricks that hide a term from a plain substring match:
// full-width letters and digits (NFKC), invisible characters and case.
func normalize(text string) string {
	text = norm.NFKC.String(text)
	text = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			return -1
		}
		return r
	}, text)
	return strings.ToLower(text)
}

// squeeze drops spaces and the separators used to split a Chinese term
// ("微 信", "治·愈"), so Han terms match across them. Latin words run
// together, so Latin terms are matched on the normalized text instead.
func squeeze(normalized string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		switch r {
		case '·', '•', '*', '_', '|', '~', '-', '/', '\\', '丨', '、', '"', '\'':
			return -1
		}
		return r
	}, normalized)
}

// scriptCounts counts Han characters and Latin letters.
func scriptCounts(text string) (han, latin int) {
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	return han, latin
}

// spokenLen is the length of a line in characters, spaces aside.
func spokenLen(text string) int {
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// stripMarkup removes what a speech line cannot carry: Markdown emphasis and
// heading marks, code ticks and emoji. The model is told not to write them;
// removing them is kinder than refusing an otherwise good line.
func stripMarkup(text string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '*' || r == '#' || r == '`':
			return -1
		case isEmoji(r):
			return -1
		}
		return r
	}, text)
}

func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF,
		r == 0xFE0F, r == 0x200D, r >= 0x1F1E6 && r <= 0x1F1FF:
		return true
	}
	return false
}
