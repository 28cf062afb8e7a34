package show

import "errors"

// Sentinel errors of show loading; callers test them with errors.Is.
var (
	// ErrInvalid marks a show file that parses but breaks a rule of the show schema.
	ErrInvalid = errors.New("invalid show")
	// ErrSyntax marks a show file that is not well-formed YAML or has unknown keys.
	ErrSyntax = errors.New("show syntax")
)
