package lease

import "errors"

// Errors of the lease table; test them with errors.Is.
var (
	// ErrConfig marks a Config without a connection, an owner or a TTL.
	ErrConfig = errors.New("lease config needs a connection, an owner and a TTL")
	// ErrHeld marks a room whose lease another holder has.
	ErrHeld = errors.New("room is held by another process")
	// ErrLost marks a renewal that found the room in another process's hands.
	ErrLost = errors.New("lease lost to another process")
	// ErrNoHolder marks a room nobody holds.
	ErrNoHolder = errors.New("room has no holder")
)
