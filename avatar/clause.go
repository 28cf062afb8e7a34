package avatar

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// minClauseRunes is the fewest speakable runes a clause is synthesized
// alone with; shorter ones join the next, since every synthesis call costs
// a start-up and a two-syllable clause sounds clipped on its own.
const minClauseRunes = 3

// clauseEnds are the punctuation marks a line is split after. Full-width
// marks always end a clause; ASCII ones only before a space or the end of the
// line, so that 19.9 and 1,000 stay whole. The enumeration comma 、 joins
// list items and does not split.
const (
	clauseEndsWide  = "。！？；，…"
	clauseEndsASCII = ".!?;,"
)

// splitClauses cuts a line's text into the clauses it is synthesized in,
// in order, each keeping its closing punctuation for its intonation. Joined
// they give back the text.
func splitClauses(text string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		i = next
		if !endsClause(r, text[next:]) {
			continue
		}
		// A run of marks ("！！", "……") stays with its clause.
		if n, nsize := utf8.DecodeRuneInString(text[next:]); nsize > 0 &&
			endsClause(n, text[next+nsize:]) {
			continue
		}
		parts = append(parts, text[start:next])
		start = next
	}
	if start < len(text) {
		parts = append(parts, text[start:])
	}
	return mergeShort(parts)
}

func endsClause(r rune, rest string) bool {
	if strings.ContainsRune(clauseEndsWide, r) {
		return true
	}
	if !strings.ContainsRune(clauseEndsASCII, r) {
		return false
	}
	n, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || unicode.IsSpace(n)
}

// mergeShort joins clauses with too little to say to the next one, and a
// short last clause to the one before it.
func mergeShort(parts []string) []string {
	var out []string
	carry := ""
	for _, p := range parts {
		carry += p
		if speakable(carry) >= minClauseRunes {
			out = append(out, carry)
			carry = ""
		}
	}
	switch {
	case carry == "":
	case len(out) == 0:
		out = append(out, carry)
	default:
		out[len(out)-1] += carry
	}
	return out
}

// speakable counts the letters and digits of s.
func speakable(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			n++
		}
	}
	return n
}
