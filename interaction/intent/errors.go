package intent

import "errors"

// Errors of lexicon loading and evaluation.
var (
	// ErrLexicon: the lexicon file is malformed or inconsistent.
	ErrLexicon = errors.New("invalid intent lexicon")
	// ErrLabelled: a labelled-set file has a malformed row.
	ErrLabelled = errors.New("invalid labelled set")
)
