package intent

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize folds text into the form the lexicon is written in: full-width ASCII
// to half-width, the ideographic space to a space, lower case, runs of white space
// to one space, trimmed. Chinese characters and emoji pass through unchanged.
func normalize(text string) string {
	if folded(text) {
		return text
	}
	return fold(text)
}

// fold is normalize without its fast path: it always builds the folded copy.
func fold(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// folded reports whether normalize would return text unchanged, as it does
// for most comments, so that they need no copy.
func folded(text string) bool {
	space := true // a leading space is trimmed
	for i, r := range text {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' || unicode.IsSpace(r) {
				return false
			}
		case r >= 0x4E00 && r <= 0x9FFF:
			// CJK ideographs have no case and no space among them.
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				return false
			}
		case r >= 0xFF01 && r <= 0xFF5E, r == 0x3000, unicode.IsSpace(r),
			unicode.ToLower(r) != r:
			return false
		}
		space = false
	}
	return !space || text == ""
}

// isWordByte reports whether c continues an ASCII word, so that the keyword "hi"
// does not match inside "this".
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\''
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
