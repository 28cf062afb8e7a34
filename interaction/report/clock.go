package report

import "time"

// showClock places archived messages on the show's timeline.
//
// Events and utterances carry the time they happened; intents take the time of
// their comment; cues and acks carry none, so they take the time the server
// stored them, shifted by the offset between the latest event's own time and its
// stored time. All times of a report thus come from one clock, the producers',
// even when the server's clock disagrees with it.
type showClock struct {
	offset time.Duration
	events map[string]time.Time
}

// newShowClock returns a clock with no offset yet.
func newShowClock() *showClock {
	return &showClock{events: make(map[string]time.Time)}
}

// place sets m.At from the message's own time or from stored, the time the
// server stored it.
func (c *showClock) place(m *Message, stored time.Time) {
	shifted := stored.Add(c.offset)
	switch {
	case m.Event != nil && !m.Event.TS.IsZero():
		m.At = m.Event.TS
		c.offset = m.Event.TS.Sub(stored)
		c.events[m.Event.ID] = m.Event.TS
	case m.Utterance != nil && !m.Utterance.StartedAt.IsZero():
		m.At = m.Utterance.StartedAt
	case m.Intent != nil:
		m.At = shifted
		if at, ok := c.events[m.Intent.Event]; ok {
			m.At = at
		}
	default:
		m.At = shifted
	}
}
