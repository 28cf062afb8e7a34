package intent

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Labelled is one comment of a labelled set with the intent a person gave it.
type Labelled struct {
	Text   string
	Intent string
}

// Miss is a labelled comment the classifier read differently.
type Miss struct {
	Labelled
	Got Result
}

// IntentScore is one intent's line of a Report.
type IntentScore struct {
	Intent    string
	Support   int // labelled rows with this intent
	Predicted int // rows the classifier gave this intent
	Correct   int
	Precision float64
	Recall    float64
	F1        float64
}

// Report is a classifier's score on a labelled set.
type Report struct {
	Rows     int
	Correct  int
	Accuracy float64
	// Answered is the share of rows given an intent other than the fallback, and
	// AnsweredPrecision how many of those were right: a wrong answer costs a host
	// more than none.
	Answered          float64
	AnsweredPrecision float64
	// Intents has one line per intent seen in labels or predictions, sorted by name.
	Intents []IntentScore
	Misses  []Miss
}

// ReadLabelled reads a labelled set: one "text<TAB>intent" per line; blank lines
// and lines starting with '#' are skipped. Labels must be Intent schema names.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	var rows []Labelled
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, label, ok := strings.Cut(line, "\t")
		label = strings.TrimSpace(label)
		if !ok || strings.TrimSpace(text) == "" || !isKnownIntent(label) {
			return nil, fmt.Errorf("%w: line %d: want text<TAB>intent, got %q",
				ErrLabelled, n, line)
		}
		rows = append(rows, Labelled{Text: text, Intent: label})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read labelled set: %w", err)
	}
	return rows, nil
}

// LoadLabelled reads the labelled set at path; see ReadLabelled.
func LoadLabelled(path string) ([]Labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load labelled set: %w", err)
	}
	defer f.Close()
	rows, err := ReadLabelled(f)
	if err != nil {
		return nil, fmt.Errorf("load labelled set %s: %w", path, err)
	}
	return rows, nil
}

// Evaluate classifies every row and scores precision and recall per intent and
// accuracy overall.
func Evaluate(c *Classifier, rows []Labelled) Report {
	counts := map[string]*IntentScore{}
	line := func(name string) *IntentScore {
		if counts[name] == nil {
			counts[name] = &IntentScore{Intent: name}
		}
		return counts[name]
	}
	rep := Report{Rows: len(rows)}
	answered, answeredRight := 0, 0
	for _, row := range rows {
		got := c.Classify(row.Text)
		if got.Intent != c.fallback {
			answered++
			if got.Intent == row.Intent {
				answeredRight++
			}
		}
		line(row.Intent).Support++
		line(got.Intent).Predicted++
		if got.Intent == row.Intent {
			line(row.Intent).Correct++
			rep.Correct++
			continue
		}
		rep.Misses = append(rep.Misses, Miss{Labelled: row, Got: got})
	}
	rep.Accuracy = ratio(rep.Correct, rep.Rows)
	rep.Answered = ratio(answered, rep.Rows)
	rep.AnsweredPrecision = ratio(answeredRight, answered)
	for _, s := range counts {
		s.Precision = ratio(s.Correct, s.Predicted)
		s.Recall = ratio(s.Correct, s.Support)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		rep.Intents = append(rep.Intents, *s)
	}
	sort.Slice(rep.Intents, func(i, j int) bool {
		return rep.Intents[i].Intent < rep.Intents[j].Intent
	})
	return rep
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// String renders the report as a table for people, misses last.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-22s %7s %7s %7s %7s %7s\n",
		"intent", "support", "pred", "prec", "recall", "f1")
	for _, s := range r.Intents {
		fmt.Fprintf(&b, "%-22s %7d %7d %7.2f %7.2f %7.2f\n",
			s.Intent, s.Support, s.Predicted, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(&b, "accuracy %.3f (%d/%d), answered %.2f with precision %.3f\n",
		r.Accuracy, r.Correct, r.Rows, r.Answered, r.AnsweredPrecision)
	for _, m := range r.Misses {
		fmt.Fprintf(&b, "  miss %-22s got %-22s %.2f  %s\n",
			m.Intent, m.Got.Intent, m.Got.Confidence, m.Text)
	}
	return b.String()
}
