package report

import "errors"

var (
	// ErrNoMessages means the archive holds nothing of the room in the asked
	// time range: a misspelt room, a Since after the show, or an archive that
	// was not running during it.
	ErrNoMessages = errors.New("no messages archived for the room in this time range " +
		"(check --room and --since, and that zhubo serve ran with JetStream)")
	// ErrNoArchive means the server has no archive stream: the show ran without
	// JetStream, or on another server.
	ErrNoArchive = errors.New("no archive stream on this NATS server " +
		"(zhubo serve creates it when JetStream is enabled)")
	// ErrNoRoom means Options.Room is empty or not a valid room name.
	ErrNoRoom = errors.New("room missing or invalid")
)

// errUnknownSubject means an archived message's subject is not one a report reads.
var errUnknownSubject = errors.New("not a report subject")
