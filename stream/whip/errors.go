package whip

import "errors"

var (
	// ErrNoURL is returned by New without a WHIP endpoint URL.
	ErrNoURL = errors.New("whip: no endpoint url")
	// ErrNoRoom is returned by New without a room to push.
	ErrNoRoom = errors.New("whip: no room")
	// ErrRejected is returned for a POST that the endpoint did not answer with 201 Created.
	ErrRejected = errors.New("whip: offer rejected")
	// ErrSessionEnded is returned when a pushing session's connection fails or closes.
	ErrSessionEnded = errors.New("whip: session ended")
)
