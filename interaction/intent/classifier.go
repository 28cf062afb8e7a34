// Package intent reads what a viewer's comment asks for: a purchase signal, a
// question about price, suitability, usage and the rest, a complaint, a greeting,
// praise or spam. It scores comments against a weighted lexicon of Chinese and
// English live-commerce phrasing (configs/intents.yaml), so that a reply can be
// chosen in microseconds and the lexicon tuned without a rebuild.
package intent

import (
	"fmt"
	"math"
	"os"
	"strings"
)

// Result is the classification of one comment.
type Result struct {
	// Intent is one of the Intent schema's names (bus.IntentPurchase, …).
	Intent string
	// Confidence is in [0, 1]: how strongly the lexicon's evidence points at Intent
	// and how little it points elsewhere.
	Confidence float64
}

// Classifier scores comments against a compiled lexicon. It is immutable after
// Parse and safe for concurrent use.
type Classifier struct {
	rules      []rule // in lexicon order; on a tie the earlier rule wins
	fallback   string
	minScore   float64
	negators   []string
	exceptions []string
	repeat     *repeatMatcher
	match      *matcher
}

type rule struct {
	name     string
	keywords []keyword
	patterns []pattern
}

type repeatMatcher struct {
	rule   int
	minRun int
	weight float64
	ignore string
}

// Load reads and compiles the lexicon at path.
func Load(path string) (*Classifier, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load intent lexicon: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("load intent lexicon %s: %w", path, err)
	}
	return c, nil
}

// Parse compiles a lexicon from its YAML text. Unknown keys, intents outside the
// Intent schema and invalid patterns are errors wrapping ErrLexicon.
func Parse(data []byte) (*Classifier, error) {
	f, err := decodeLexicon(data)
	if err != nil {
		return nil, err
	}
	c := &Classifier{fallback: f.Fallback, minScore: f.MinScore}
	for _, n := range f.Negators {
		c.negators = append(c.negators, normalize(n))
	}
	for _, e := range f.NegationExceptions {
		c.exceptions = append(c.exceptions, normalize(e))
	}
	seen := map[string]bool{}
	for _, r := range f.Intents {
		if seen[r.Name] {
			return nil, fmt.Errorf("%w: intent %q listed twice", ErrLexicon, r.Name)
		}
		seen[r.Name] = true
		compiled, err := compileRule(r, len(c.rules))
		if err != nil {
			return nil, err
		}
		c.rules = append(c.rules, compiled)
	}
	if c.match, err = newMatcher(c.rules); err != nil {
		return nil, err
	}
	if f.Repeat != nil {
		if c.repeat, err = c.compileRepeat(*f.Repeat); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Classifier) compileRepeat(r repeatRule) (*repeatMatcher, error) {
	for i, ru := range c.rules {
		if ru.name == r.Intent {
			if r.MinRun < 2 {
				return nil, fmt.Errorf("%w: repeat.min_run must be >= 2", ErrLexicon)
			}
			return &repeatMatcher{rule: i, minRun: r.MinRun, weight: r.Weight,
				ignore: normalize(r.Ignore)}, nil
		}
	}
	return nil, fmt.Errorf("%w: repeat.intent %q has no rule", ErrLexicon, r.Intent)
}

// Classify reads one comment. Text that gives no intent at least min_score of
// evidence is the fallback intent ("other").
func (c *Classifier) Classify(text string) Result {
	t := normalize(text)
	var buf [16]float64
	scores := buf[:0]
	if len(c.rules) > len(buf) {
		scores = make([]float64, 0, len(c.rules))
	}
	scores = scores[:len(c.rules)]
	c.score(t, scores)
	best, total := -1, 0.0
	for i, s := range scores {
		if s > 0 {
			total += s
		}
		if best < 0 || s > scores[best] {
			best = i
		}
	}
	if best < 0 || scores[best] < c.minScore {
		top := 0.0
		if best >= 0 {
			top = math.Max(scores[best], 0)
		}
		return Result{Intent: c.fallback, Confidence: round2(1 - 0.9*top/c.minScore)}
	}
	s := scores[best]
	conf := (1 - math.Exp(-s/2)) * s / total
	return Result{Intent: c.rules[best].name, Confidence: round2(conf)}
}

// score sums each rule's evidence in normalized text t into scores, one per rule.
func (c *Classifier) score(t string, scores []float64) {
	if t == "" {
		return
	}
	c.match.score(c, t, scores)
	if c.repeat != nil && hasRun(t, c.repeat.minRun, c.repeat.ignore) {
		scores[c.repeat.rule] += c.repeat.weight
	}
}

// bounded reports whether t[i:end] is not part of a longer ASCII word.
func bounded(t string, i, end int, k *keyword) bool {
	if isWordByte(k.text[0]) && i > 0 && isWordByte(t[i-1]) {
		return false
	}
	last := k.text[len(k.text)-1]
	if !k.prefix && isWordByte(last) && end < len(t) && isWordByte(t[end]) {
		return false
	}
	return true
}

// negated reports whether the text before a keyword ends in a negator ("不", "don't"),
// unless it ends in an A-not-A question ("会不", "是不"), which asks rather than denies.
func (c *Classifier) negated(before string) bool {
	before = strings.TrimRight(before, " ")
	for _, e := range c.exceptions {
		if strings.HasSuffix(before, e) {
			return false
		}
	}
	for _, n := range c.negators {
		if !strings.HasSuffix(before, n) {
			continue
		}
		start := len(before) - len(n)
		if isWordByte(n[0]) && start > 0 && isWordByte(before[start-1]) {
			continue
		}
		return true
	}
	return false
}

// hasRun reports whether t repeats one character at least n times in a row,
// not counting spaces and the characters in ignore. Runs are counted first and
// ignore consulted only for one long enough, so most comments never look at it.
func hasRun(t string, n int, ignore string) bool {
	var prev rune = -1
	run := 0
	for _, r := range t {
		if r == prev {
			run++
		} else {
			prev, run = r, 1
		}
		if run == n && r != ' ' && !strings.ContainsRune(ignore, r) {
			return true
		}
	}
	return false
}

func round2(x float64) float64 {
	return math.Round(math.Min(math.Max(x, 0), 1)*100) / 100
}
