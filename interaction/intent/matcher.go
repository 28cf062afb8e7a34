package intent

import (
	"regexp"
	"slices"
)

// matcher finds every rule's evidence in a comment with one pass of an
// automaton over the folded text: the automaton's needles are the keywords of
// every rule and the strings that a pattern's matches must contain, so a
// regular expression runs only on the comments that may match it.
type matcher struct {
	ac *automaton
	// uses lists per needle what it stands for: a keyword index k >= 0 in
	// keywords, or a pattern index p in patterns as -(p+1).
	uses     [][]int32
	keywords []keyword
	patterns []pattern
}

// keyword is one keyword of a rule in normalized form.
type keyword struct {
	text   string
	weight float64
	rule   int
	ascii  bool // match on ASCII word boundaries
	prefix bool // match any word the keyword begins
	negate bool // ignore an occurrence right after a negator
}

// pattern is one regular expression of a rule.
type pattern struct {
	re     *regexp.Regexp
	weight float64
	rule   int
	gated  bool // runs only when one of its required strings occurs
}

// newMatcher indexes the keywords and patterns of rules, in rule order.
func newMatcher(rules []rule) (*matcher, error) {
	m := &matcher{}
	needles := map[string]int32{}
	var texts []string
	use := func(text string, u int32) {
		id, ok := needles[text]
		if !ok {
			id = int32(len(texts))
			needles[text] = id
			texts = append(texts, text)
			m.uses = append(m.uses, nil)
		}
		m.uses[id] = append(m.uses[id], u)
	}
	for _, r := range rules {
		for _, k := range r.keywords {
			use(k.text, int32(len(m.keywords)))
			m.keywords = append(m.keywords, k)
		}
		for _, p := range r.patterns {
			lits := requiredLiterals(p.re.String())
			p.gated = lits != nil
			for _, l := range lits {
				use(l, -int32(len(m.patterns))-1)
			}
			m.patterns = append(m.patterns, p)
		}
	}
	ac, err := newAutomaton(texts)
	if err != nil {
		return nil, err
	}
	m.ac = ac
	return m, nil
}

// score sums the evidence of normalized text t into scores, one per rule:
// keyword weights in lexicon order, then patterns, as a rule-by-rule scan would.
func (m *matcher) score(c *Classifier, t string, scores []float64) {
	// What one pass finds is short: the keywords that count and the gated
	// patterns that may match.
	var hitBuf [32]int32
	var gateBuf [16]int32
	hits, gates := hitBuf[:0], gateBuf[:0]
	s := int32(0)
	for i := 0; i < len(t); i++ {
		s = m.ac.step(s, t[i])
		for _, id := range m.ac.ends(s) {
			start := i + 1 - int(m.ac.length[id])
			for _, u := range m.uses[id] {
				if u < 0 {
					gates = appendNew(gates, -u-1)
				} else if !slices.Contains(hits, u) && m.counts(c, t, u, start, i+1) {
					hits = append(hits, u)
				}
			}
		}
	}
	slices.Sort(hits)
	for _, u := range hits {
		k := &m.keywords[u]
		scores[k.rule] += k.weight
	}
	for i := range m.patterns {
		p := &m.patterns[i]
		if p.gated && !slices.Contains(gates, int32(i)) {
			continue
		}
		if p.re.MatchString(t) {
			scores[p.rule] += p.weight
		}
	}
}

// counts reports whether keyword u found at t[start:end] counts: on word
// boundaries when it is ASCII and, for a negatable intent, not right after a
// negator.
func (m *matcher) counts(c *Classifier, t string, u int32, start, end int) bool {
	k := &m.keywords[u]
	if k.ascii && !bounded(t, start, end, k) {
		return false
	}
	return !k.negate || !c.negated(t[:start])
}

func appendNew(list []int32, v int32) []int32 {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
