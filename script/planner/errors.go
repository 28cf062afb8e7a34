package planner

import "errors"

// Sentinel errors of the planner; callers test them with errors.Is. Their
// text is what a moderator reads in the cue's Ack.
var (
	// ErrUnknownProduct marks a cue naming a product the show does not sell.
	ErrUnknownProduct = errors.New("unknown product")
	// ErrBadCue marks a cue with missing or malformed arguments.
	ErrBadCue = errors.New("bad cue")
	// ErrUnknownCue marks a cue type the planner does not handle.
	ErrUnknownCue = errors.New("unknown cue type")
	// ErrNoPhrases marks a library with nothing to say for the show.
	ErrNoPhrases = errors.New("no phrases")
	// ErrBadSnapshot marks a snapshot that does not decode or does not fit the show.
	ErrBadSnapshot = errors.New("bad planner snapshot")
)
