package bus

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reasons an Event is rejected. Reason maps each to a short label for metrics and logs.
var (
	// ErrTooLarge: the encoded Event is larger than MaxEventBytes.
	ErrTooLarge = errors.New("event too large")
	// ErrBadUTF8: the bytes, or a string decoded from an escape, are not valid UTF-8.
	ErrBadUTF8 = errors.New("invalid utf-8")
	// ErrBadJSON: the bytes are not one JSON object of the Event schema.
	ErrBadJSON = errors.New("invalid json")
	// ErrBadVersion: the "v" field names a schema version this build does not read.
	ErrBadVersion = errors.New("unsupported schema version")
	// ErrUnknownType: the "type" field is not one of the Event types.
	ErrUnknownType = errors.New("unknown event type")
	// ErrMissingField: a field the Event's type needs is absent or blank.
	ErrMissingField = errors.New("missing field")
	// ErrBadField: a field is present but malformed: control characters, a room name
	// that is not a subject token, a negative count, an over-long identifier.
	ErrBadField = errors.New("malformed field")
)

// Limits on identifiers, so that one Event cannot carry an unbounded key into counters and maps.
const (
	maxIDLen   = 128
	maxRoomLen = 64
	maxNameLen = 128
)

// DecodeEvent parses and validates one Event from the wire.
//
// A missing or zero "v" is read as SchemaVersion: early adapters omitted it and the
// schema has had one version only. Any other version is ErrBadVersion. Unknown JSON
// fields are ignored so that newer producers can add fields. The returned error
// wraps one of the sentinel errors above; Reason turns it into a metrics label.
func DecodeEvent(data []byte) (Event, error) {
	if len(data) > MaxEventBytes {
		return Event{}, fmt.Errorf("decode event: %d bytes > %d: %w",
			len(data), MaxEventBytes, ErrTooLarge)
	}
	if !utf8.Valid(data) {
		return Event{}, fmt.Errorf("decode event: %w", ErrBadUTF8)
	}
	var e Event
	if !decodeEventFast(data, &e) {
		var err error
		if e, err = unmarshalEvent(data); err != nil {
			return Event{}, fmt.Errorf("decode event: %w: %w", ErrBadJSON, err)
		}
	}
	if err := ValidateEvent(&e); err != nil {
		return Event{}, fmt.Errorf("decode event: %w", err)
	}
	return e, nil
}

// unmarshalEvent decodes data with encoding/json, for what decodeEventFast
// leaves to it. Its Event, not DecodeEvent's, is the one that escapes to the heap.
func unmarshalEvent(data []byte) (Event, error) {
	var e Event
	err := json.Unmarshal(data, &e)
	return e, err
}

// ValidateEvent checks a decoded Event against the schema and sets a zero V to
// SchemaVersion. It does not check the encoded size; DecodeEvent does.
func ValidateEvent(e *Event) error {
	switch {
	case e.V == 0:
		e.V = SchemaVersion
	case e.V != SchemaVersion:
		return fmt.Errorf("v %d: %w", e.V, ErrBadVersion)
	}
	if !e.Type.Known() {
		return fmt.Errorf("type %q: %w", clip(e.Type), ErrUnknownType)
	}
	if err := checkRequired(e); err != nil {
		return err
	}
	if err := checkStrings(e); err != nil {
		return err
	}
	if !ValidRoom(e.Room) {
		return fmt.Errorf("room %q is not a subject token: %w", clip(e.Room), ErrBadField)
	}
	if e.Count < 0 {
		return fmt.Errorf("count %d: %w", e.Count, ErrBadField)
	}
	return nil
}

// checkRequired reports the first field the Event's type needs but lacks.
func checkRequired(e *Event) error {
	if strings.TrimSpace(e.ID) == "" {
		return fmt.Errorf("id: %w", ErrMissingField)
	}
	if e.Room == "" {
		return fmt.Errorf("room: %w", ErrMissingField)
	}
	if e.Type != EventViewers && strings.TrimSpace(e.User.ID) == "" {
		return fmt.Errorf("user.id for %s: %w", e.Type, ErrMissingField)
	}
	if e.Type == EventComment && strings.TrimSpace(e.Text) == "" {
		return fmt.Errorf("text for comment: %w", ErrMissingField)
	}
	return nil
}

// checkStrings rejects control characters, broken encodings and over-long identifiers.
func checkStrings(e *Event) error {
	fields := []struct {
		name, value string
		max         int
	}{
		{"id", e.ID, maxIDLen},
		{"room", e.Room, maxRoomLen},
		{"user.id", e.User.ID, maxIDLen},
		{"user.name", e.User.Name, maxNameLen},
		{"platform", e.Platform, maxIDLen},
		{"text", e.Text, MaxEventBytes},
	}
	for _, f := range fields {
		if len(f.value) > f.max {
			return fmt.Errorf("%s longer than %d bytes: %w", f.name, f.max, ErrBadField)
		}
		if err := checkText(f.value); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return nil
}

// checkText rejects strings that cannot be shown or spoken safely.
//
// JSON decoding replaces a lone surrogate escape (\ud800) or invalid bytes with
// U+FFFD, so a replacement character in a decoded string means the producer sent
// broken text; it is reported as ErrBadUTF8. Bidirectional overrides are refused
// with the control characters because they reorder what moderators read.
func checkText(s string) error {
	i := 0
	for i < len(s) && s[i] >= ' ' && s[i] < 0x7F {
		i++ // printable ASCII, most of most fields
	}
	for _, r := range s[i:] {
		switch {
		case r == utf8.RuneError:
			return ErrBadUTF8
		case unicode.IsControl(r), isBidiOverride(r):
			return fmt.Errorf("control character %U: %w", r, ErrBadField)
		}
	}
	return nil
}

func isBidiOverride(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// ValidRoom reports whether room can name a room: 1 to 64 ASCII letters, digits,
// '-' or '_', so that it is always exactly one NATS subject token.
func ValidRoom(room string) bool {
	if room == "" || len(room) > maxRoomLen {
		return false
	}
	for i := 0; i < len(room); i++ {
		c := room[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// Reason returns a short, stable label for why an Event was rejected, for use as a
// metrics label and a log field: "too_large", "bad_utf8", "bad_json", "bad_version",
// "unknown_type", "missing_field", "bad_field", or "other". It returns "" for nil.
func Reason(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrBadUTF8):
		return "bad_utf8"
	case errors.Is(err, ErrBadJSON):
		return "bad_json"
	case errors.Is(err, ErrBadVersion):
		return "bad_version"
	case errors.Is(err, ErrUnknownType):
		return "unknown_type"
	case errors.Is(err, ErrMissingField):
		return "missing_field"
	case errors.Is(err, ErrBadField):
		return "bad_field"
	}
	return "other"
}

// clip shortens a value echoed into an error so that errors stay small in logs.
func clip[S ~string](s S) string {
	const max = 32
	if len(s) <= max {
		return string(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return string(s[:cut]) + "…"
}
