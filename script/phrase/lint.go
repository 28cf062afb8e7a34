package phrase

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
)

// Severity ranks a lint finding: errors fail the lint, warnings do not.
type Severity string

// The severities of lint findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one problem the linter found in a phrase file.
type Finding struct {
	File     string
	Line     int
	Severity Severity
	// Rule names the check: schema, template, unknown-slot, adlaw,
	// duplicate, near-duplicate or long.
	Rule    string
	Message string
}

// String renders the finding as "file:line: severity: rule: message".
func (f Finding) String() string {
	if f.Line == 0 {
		return fmt.Sprintf("%s: %s: %s: %s", f.File, f.Severity, f.Rule, f.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s: %s", f.File, f.Line, f.Severity, f.Rule, f.Message)
}

// LintOptions tunes the linter; the zero value lints with the defaults.
type LintOptions struct {
	// MaxChars is the longest Chinese line, in spoken characters, that a
	// host says in one breath; 0 means 60.
	MaxChars int
	// MaxWords is the longest English line in words; 0 means 30.
	MaxWords int
	// NearDuplicate is the character-bigram Jaccard similarity at which two
	// lines count as near-duplicates; 0 means 0.85.
	NearDuplicate float64
	// AdLaw lists the forbidden advertising terms; nil means DefaultAdLaw.
	AdLaw *AdLaw
}

func (o LintOptions) withDefaults() LintOptions {
	if o.MaxChars == 0 {
		o.MaxChars = 60
	}
	if o.MaxWords == 0 {
		o.MaxWords = 30
	}
	if o.NearDuplicate == 0 {
		o.NearDuplicate = 0.85
	}
	if o.AdLaw == nil {
		a := DefaultAdLaw()
		o.AdLaw = &a
	}
	return o
}

// Lint checks phrase files: their schema, their slots, the advertising law,
// duplicates across all files and lines too long for one breath.
func Lint(files []string, opts LintOptions) []Finding {
	var out []Finding
	var all []Phrase
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			out = append(out, Finding{File: path, Severity: SeverityError, Rule: "schema",
				Message: err.Error()})
			continue
		}
		ps, err := Parse(data, path)
		out = append(out, schemaFindings(path, err)...)
		all = append(all, ps...)
	}
	return append(out, LintPhrases(all, opts)...)
}

// schemaFindings turns Parse's error into findings, one per located problem.
func schemaFindings(path string, err error) []Finding {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]Finding, 0, len(errs))
	for _, e := range errs {
		f := Finding{File: path, Severity: SeverityError, Rule: "schema", Message: e.Error()}
		var pe *ParseError
		if errors.As(e, &pe) {
			f.Line, f.Message = pe.Line, pe.Msg
		}
		out = append(out, f)
	}
	return out
}

// LintPhrases checks already parsed phrases, e.g. an embedded library.
func LintPhrases(ps []Phrase, opts LintOptions) []Finding {
	opts = opts.withDefaults()
	var out []Finding
	for i := range ps {
		out = append(out, lintOne(&ps[i], opts)...)
	}
	return append(out, duplicates(ps, opts.NearDuplicate)...)
}

func lintOne(p *Phrase, opts LintOptions) []Finding {
	var out []Finding
	add := func(sev Severity, rule, format string, args ...any) {
		out = append(out, Finding{File: p.File, Line: p.Line, Severity: sev, Rule: rule,
			Message: fmt.Sprintf(format, args...)})
	}
	names, err := SlotNames(p.Text)
	if err != nil {
		add(SeverityError, "template", "%v", err)
	}
	for _, n := range names {
		if !slices.Contains(Slots, n) {
			add(SeverityError, "unknown-slot", "unknown slot {%s}", n)
		}
	}
	if bad := opts.AdLaw.Violations(p.Text); len(bad) > 0 {
		add(SeverityError, "adlaw", "forbidden advertising term %s in %q",
			strings.Join(bad, ", "), p.Text)
	}
	if n := BreathLength(p.Lang, p.Text); p.Lang == "zh" && n > opts.MaxChars {
		add(SeverityWarning, "long", "%d characters, more than %d for one breath", n, opts.MaxChars)
	} else if p.Lang == "en" && n > opts.MaxWords {
		add(SeverityWarning, "long", "%d words, more than %d for one breath", n, opts.MaxWords)
	}
	return out
}

// slotLength is how long a filled slot is assumed to be when a line is
// measured: characters in Chinese, words in English.
var slotLength = map[string]int{"zh": 4, "en": 2}

// BreathLength measures a line as spoken: Han characters, plus one per run
// of Latin letters or digits, in Chinese; words in English. Each slot counts
// as a typical filled value.
func BreathLength(lang, text string) int {
	n := 0
	lit := func(s string) {
		if lang == "en" {
			n += len(strings.Fields(s))
			return
		}
		inRun := false
		for _, r := range s {
			alnum := r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
			switch {
			case unicode.Is(unicode.Han, r):
				n++
			case alnum && !inRun:
				n++
			}
			inRun = alnum
		}
	}
	err := walk(text, lit, func(string) error { n += slotLength[lang]; return nil })
	if err != nil {
		lit(text)
	}
	return n
}

// RunLint lints files, prints each finding and a summary to w, and returns
// the exit code of `zhubo phrases lint`: 0 clean or warnings only, 1 errors.
func RunLint(w io.Writer, files []string, opts LintOptions) int {
	findings := Lint(files, opts)
	errs := 0
	for _, f := range findings {
		fmt.Fprintln(w, f)
		if f.Severity == SeverityError {
			errs++
		}
	}
	fmt.Fprintf(w, "%d files, %d errors, %d warnings\n", len(files), errs, len(findings)-errs)
	if errs > 0 {
		return 1
	}
	return 0
}
