package intent

import (
	"regexp/syntax"
	"unicode/utf8"
)

// Bounds on a pattern's prefilter: a character class wider than maxClassRunes,
// or a choice of more than maxLiterals strings, is no useful filter.
const (
	maxClassRunes = 16
	maxLiterals   = 32
)

// requiredLiterals returns strings one of which every match of the RE2
// expression expr contains, or nil when it finds none: then the pattern must run
// on every comment. A pattern whose strings are all absent cannot match, so it
// need not run at all; most comments trigger none.
func requiredLiterals(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	return required(re.Simplify())
}

func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil // case folds reach beyond lower and upper case
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		return classLiterals(re.Rune)
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		return bestOf(re.Sub)
	case syntax.OpAlternate:
		return unionOf(re.Sub)
	}
	return nil
}

// classLiterals lists the runes of a small character class.
func classLiterals(ranges []rune) []string {
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= maxClassRunes {
			return nil
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if !utf8.ValidRune(r) || len(out) == maxClassRunes {
				return nil
			}
			out = append(out, string(r))
		}
	}
	return out
}

// bestOf picks among the parts of a concatenation, each of which every match
// contains, the most selective requirement: the longest shortest string, then
// the fewest strings.
func bestOf(parts []*syntax.Regexp) []string {
	var best []string
	for _, p := range parts {
		lits := required(p)
		if lits != nil && (best == nil || better(lits, best)) {
			best = lits
		}
	}
	return best
}

func better(a, b []string) bool {
	sa, sb := shortest(a), shortest(b)
	return sa > sb || sa == sb && len(a) < len(b)
}

func shortest(lits []string) int {
	n := len(lits[0])
	for _, l := range lits[1:] {
		n = min(n, len(l))
	}
	return n
}

// unionOf requires one of any alternative's strings, if every alternative has some.
func unionOf(alts []*syntax.Regexp) []string {
	var out []string
	for _, a := range alts {
		lits := required(a)
		if lits == nil || len(out)+len(lits) > maxLiterals {
			return nil
		}
		out = append(out, lits...)
	}
	return out
}
