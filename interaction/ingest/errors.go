package ingest

import "errors"

// Errors of the ingest component.
var (
	// ErrConfig: a Config field is missing or out of range.
	ErrConfig = errors.New("invalid ingest config")
	// ErrRunning: Run was called while it was already running, or after it ended.
	ErrRunning = errors.New("ingest already ran")
	// ErrConnClosed: the NATS connection closed under a running ingest.
	ErrConnClosed = errors.New("nats connection closed")
	// ErrRoomMismatch: an Event names another room than the subject or path it came on.
	ErrRoomMismatch = errors.New("room mismatch")
	// ErrRateLimited: a viewer commented faster than Config.UserRate allows.
	ErrRateLimited = errors.New("viewer rate limited")
)
