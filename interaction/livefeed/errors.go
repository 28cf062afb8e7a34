package livefeed

import "errors"

// Errors of the live feed.
var (
	ErrConfig = errors.New("a NATS connection and a room lookup are required")
	ErrFull   = errors.New("too many viewers connected to the live feed")
)
