package phrase

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Sentinel errors of the phrase library; callers test them with errors.Is.
var (
	// ErrSchema marks a phrase file that breaks the phrase file schema.
	ErrSchema = errors.New("phrase schema")
	// ErrMissingSlot marks a line whose slot has no value to fill it with.
	ErrMissingSlot = errors.New("missing slot")
	// ErrTemplate marks a line whose slot syntax is malformed.
	ErrTemplate = errors.New("malformed template")
)

// ParseError locates one schema problem in a phrase file.
type ParseError struct {
	File string
	// Line is 1-based; 0 when the problem has no single line.
	Line int
	Msg  string
}

// Error renders the problem as "file:line: phrase schema: msg".
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v: %s", e.File, ErrSchema, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %v: %s", e.File, e.Line, ErrSchema, e.Msg)
}

// Unwrap lets errors.Is match ErrSchema.
func (e *ParseError) Unwrap() error { return ErrSchema }

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns a yaml.v3 decoding error into located parse errors.
func yamlErrors(file string, err error) []error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	out := make([]error, 0, len(msgs))
	for _, m := range msgs {
		pe := &ParseError{File: file, Msg: m}
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			pe.Line, _ = strconv.Atoi(sub[1])
			pe.Msg = sub[2]
		}
		out = append(out, pe)
	}
	return out
}
