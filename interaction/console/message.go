package console

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// MaxMessageBytes is the largest message a console may send; a larger one
// closes its connection.
const MaxMessageBytes = 16 << 10

// Client message types.
const (
	// MessageCue carries a cue to publish.
	MessageCue = "cue"
)

// Server message types, the "type" of every ServerMessage.
const (
	MessageHello     = "hello"
	MessageAck       = "ack"
	MessageUtterance = "utterance"
	MessageIntent    = "intent"
	MessageEvent     = "event"
	MessagePlayout   = "playout"
	// MessageStatus carries the room's bus.RoomStatus, about once a second.
	MessageStatus = "status"
)

// ClientMessage is one message a console sends: today only {"type":"cue","cue":{…}}.
type ClientMessage struct {
	Type string     `json:"type"`
	Cue  *ClientCue `json:"cue,omitempty"`
}

// ClientCue is a Cue as a console writes it: the server fills in its room,
// author and schema version, and an id when the console gave none.
type ClientCue struct {
	ID   string            `json:"id,omitempty"`
	Type bus.CueType       `json:"type"`
	Args map[string]string `json:"args,omitempty"`
}

// ServerMessage is one message the server sends a console: a hello, an Ack,
// or a piece of the room's live feed.
type ServerMessage struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// Hello greets a console when it connects and tells it what it may do.
type Hello struct {
	Role Role          `json:"role"`
	Room string        `json:"room"`
	ID   string        `json:"id"`
	Cues []bus.CueType `json:"cues"`
}

// DecodeClientMessage parses one message from a console. It checks the JSON
// shape only; validateCue checks what a cue asks for.
func DecodeClientMessage(data []byte) (ClientMessage, error) {
	if len(data) > MaxMessageBytes {
		return ClientMessage{}, fmt.Errorf("decode console message: %d bytes > %d: %w",
			len(data), MaxMessageBytes, ErrBadMessage)
	}
	var m ClientMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return ClientMessage{}, fmt.Errorf("decode console message: %w: %w", ErrBadMessage, err)
	}
	if dec.More() {
		return ClientMessage{}, fmt.Errorf("decode console message: trailing data: %w",
			ErrBadMessage)
	}
	switch m.Type {
	case MessageCue:
		if m.Cue == nil {
			return ClientMessage{}, fmt.Errorf("decode console message: cue missing: %w",
				ErrBadMessage)
		}
	default:
		return ClientMessage{}, fmt.Errorf("decode console message: type %q: %w",
			clip(m.Type), ErrBadMessage)
	}
	return m, nil
}

// encodeMessage wraps v as a ServerMessage of type typ.
func encodeMessage(typ string, v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s message: %w", typ, err)
	}
	return wrapRaw(typ, data)
}

// wrapRaw wraps JSON already encoded, such as a message read off the bus.
func wrapRaw(typ string, data []byte) ([]byte, error) {
	out, err := json.Marshal(ServerMessage{Type: typ, Data: data})
	if err != nil {
		return nil, fmt.Errorf("encode %s message: %w", typ, err)
	}
	return out, nil
}

// clip shortens a value echoed into an error so errors stay small.
func clip(s string) string {
	const max = 32
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
