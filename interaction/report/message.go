package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Message is one archived message of a room, decoded, at the time the report
// places it on the show's timeline. Exactly one of the pointers is set.
type Message struct {
	At        time.Time
	Event     *bus.Event
	Intent    *bus.Intent
	Utterance *bus.Utterance
	Cue       *bus.Cue
	Ack       *bus.Ack
}

// decodeMessage decodes an archived message by the last token of its subject.
func decodeMessage(subject string, data []byte) (Message, error) {
	var m Message
	var err error
	switch kind := subject[strings.LastIndexByte(subject, '.')+1:]; kind {
	case "events":
		var e bus.Event
		e, err = bus.DecodeEvent(data)
		m.Event = &e
	case "intents":
		m.Intent = new(bus.Intent)
		err = json.Unmarshal(data, m.Intent)
	case "utterances":
		m.Utterance = new(bus.Utterance)
		err = json.Unmarshal(data, m.Utterance)
	case "cues":
		m.Cue = new(bus.Cue)
		err = json.Unmarshal(data, m.Cue)
	case "acks":
		m.Ack = new(bus.Ack)
		err = json.Unmarshal(data, m.Ack)
	default:
		return m, fmt.Errorf("decode %s: %w", subject, errUnknownSubject)
	}
	if err != nil {
		return m, fmt.Errorf("decode %s: %w", subject, err)
	}
	return m, nil
}

// comment reports whether m is a per-comment Intent, not the merged Intent of
// a burst, which repeats comments already counted.
func (m Message) comment() bool {
	return m.Intent != nil && m.Intent.Count == 0 && len(m.Intent.EventIDs) == 0
}
