package phrase

import "fmt"

// duplicates reports exact duplicates (errors) and near-duplicates
// (warnings) among lines of the same language; the later line is flagged.
func duplicates(ps []Phrase, threshold float64) []Finding {
	var out []Finding
	first := map[string]*Phrase{}
	grams := make([]map[string]struct{}, len(ps))
	for i := range ps {
		p := &ps[i]
		key := p.Lang + "\x00" + p.Text
		if prev, ok := first[key]; ok {
			out = append(out, Finding{File: p.File, Line: p.Line, Severity: SeverityError,
				Rule:    "duplicate",
				Message: fmt.Sprintf("same line as %s:%d", prev.File, prev.Line)})
			grams[i] = nil
			continue
		}
		first[key] = p
		grams[i] = bigrams(p.Text)
		for j := range i {
			if grams[j] == nil || ps[j].Lang != p.Lang {
				continue
			}
			if s := jaccard(grams[i], grams[j]); s >= threshold {
				out = append(out, Finding{File: p.File, Line: p.Line, Severity: SeverityWarning,
					Rule: "near-duplicate", Message: fmt.Sprintf("%.2f similar to %s:%d",
						s, ps[j].File, ps[j].Line)})
				break
			}
		}
	}
	return out
}

// bigrams is the set of adjacent character pairs of s.
func bigrams(s string) map[string]struct{} {
	rs := []rune(s)
	set := make(map[string]struct{}, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		set[string(rs[i:i+2])] = struct{}{}
	}
	return set
}

// jaccard is |a∩b| / |a∪b|.
func jaccard(a, b map[string]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	inter := 0
	for g := range small {
		if _, ok := large[g]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
