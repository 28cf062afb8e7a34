package intent

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// lexiconVersion is the only "version" of configs/intents.yaml this build reads.
const lexiconVersion = 1

// lexiconFile is the YAML form of a lexicon; see configs/intents.yaml.
type lexiconFile struct {
	Version            int          `yaml:"version"`
	Fallback           string       `yaml:"fallback"`
	MinScore           float64      `yaml:"min_score"`
	Negators           []string     `yaml:"negators"`
	NegationExceptions []string     `yaml:"negation_exceptions"`
	Repeat             *repeatRule  `yaml:"repeat"`
	Intents            []intentRule `yaml:"intents"`
}

// intentRule is the evidence for one intent: weighted keywords and regular expressions.
type intentRule struct {
	Name string `yaml:"name"`
	// Negatable intents ignore a keyword right after a negator ("不想要", "not good").
	Negatable bool               `yaml:"negatable"`
	Keywords  map[string]float64 `yaml:"keywords"`
	Patterns  map[string]float64 `yaml:"patterns"`
}

// repeatRule scores a comment that repeats one character many times ("刷刷刷刷刷刷").
type repeatRule struct {
	Intent string  `yaml:"intent"`
	MinRun int     `yaml:"min_run"`
	Weight float64 `yaml:"weight"`
	// Ignore lists characters whose runs are chat habits, not flooding ("1111", "666").
	Ignore string `yaml:"ignore"`
}

// knownIntents are the intent names of the Intent schema.
var knownIntents = []string{
	bus.IntentPurchase, bus.IntentPrice, bus.IntentSuitability, bus.IntentUsage,
	bus.IntentIngredients, bus.IntentEfficacy, bus.IntentShipping, bus.IntentSpec,
	bus.IntentStock, bus.IntentComplaint, bus.IntentGreeting, bus.IntentPraise,
	bus.IntentSpam, bus.IntentOther,
}

// decodeLexicon reads YAML strictly: an unknown key is an error naming its line.
func decodeLexicon(data []byte) (lexiconFile, error) {
	var f lexiconFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return f, fmt.Errorf("%w: empty document", ErrLexicon)
		}
		return f, fmt.Errorf("%w: %w", ErrLexicon, err)
	}
	if f.Version != lexiconVersion {
		return f, fmt.Errorf("%w: version %d, want %d", ErrLexicon, f.Version, lexiconVersion)
	}
	if f.Fallback == "" {
		f.Fallback = bus.IntentOther
	}
	if !isKnownIntent(f.Fallback) {
		return f, fmt.Errorf("%w: fallback %q is not an intent", ErrLexicon, f.Fallback)
	}
	if f.MinScore <= 0 {
		return f, fmt.Errorf("%w: min_score must be > 0", ErrLexicon)
	}
	return f, nil
}

func isKnownIntent(name string) bool {
	for _, k := range knownIntents {
		if k == name {
			return true
		}
	}
	return false
}

// compileRule turns one intentRule into matchers, in a stable order.
func compileRule(r intentRule, index int) (rule, error) {
	if !isKnownIntent(r.Name) {
		return rule{}, fmt.Errorf("%w: intent %q is not in the Intent schema", ErrLexicon, r.Name)
	}
	out := rule{name: r.Name}
	for _, text := range sortedKeys(r.Keywords) {
		k, err := newKeyword(text, r.Keywords[text])
		if err != nil {
			return rule{}, fmt.Errorf("intent %s: %w", r.Name, err)
		}
		k.rule, k.negate = index, r.Negatable
		out.keywords = append(out.keywords, k)
	}
	for _, expr := range sortedKeys(r.Patterns) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return rule{}, fmt.Errorf("%w: intent %s: pattern %q: %w",
				ErrLexicon, r.Name, expr, err)
		}
		out.patterns = append(out.patterns, pattern{re: re, weight: r.Patterns[expr],
			rule: index})
	}
	return out, nil
}

// newKeyword normalizes a keyword as comments are normalized. A trailing '*' on an
// ASCII keyword matches any word it begins ("moisturi*" matches "moisturizing").
func newKeyword(text string, weight float64) (keyword, error) {
	k := keyword{weight: weight}
	if strings.HasSuffix(text, "*") {
		k.prefix = true
		text = strings.TrimSuffix(text, "*")
	}
	k.text = normalize(text)
	if k.text == "" {
		return keyword{}, fmt.Errorf("%w: empty keyword", ErrLexicon)
	}
	k.ascii = isASCII(k.text)
	return k, nil
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
