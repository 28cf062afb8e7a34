package relay

import "errors"

var (
	// ErrRoomFull is returned by AddViewer when the room already holds Config.MaxViewers viewers.
	ErrRoomFull = errors.New("room is full")
	// ErrServerFull is returned by AddViewer when the process already holds Relay.MaxViewers
	// viewers across its rooms.
	ErrServerFull = errors.New("server is full")
	// ErrRoomClosed is returned by the methods of a Room after Close.
	ErrRoomClosed = errors.New("room is closed")
	// ErrUnknownViewer is returned for a viewer id that the room does not hold (never existed,
	// removed, or its connection ended).
	ErrUnknownViewer = errors.New("unknown viewer")
	// ErrBadOffer is returned by AddViewer when the SDP offer cannot be negotiated.
	ErrBadOffer = errors.New("bad sdp offer")
	// ErrBadCandidate is returned by AddICECandidates for a fragment that cannot be applied.
	ErrBadCandidate = errors.New("bad ice candidate")
	// ErrICERestart is returned by AddICECandidates for a fragment with new ICE credentials:
	// the relay does not support ICE restarts; the client starts a new session instead.
	ErrICERestart = errors.New("ice restart not supported")
	// ErrBadICEServer is returned by ParseICEServers for a string that is not a STUN or TURN
	// server.
	ErrBadICEServer = errors.New("bad ice server")
	// ErrNoRoomName is returned by NewRoom for an empty room name.
	ErrNoRoomName = errors.New("room name is empty")
)
