package console

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// maxFeedBytes bounds one feed message relayed from the bus to a console.
const maxFeedBytes = 64 << 10

// subscribe starts the room's live feed to this console.
func (s *session) subscribe() error {
	feeds := []struct {
		subject string
		handle  nats.MsgHandler
	}{
		{bus.UtterancesSubject(s.room), s.relay(MessageUtterance)},
		{bus.IntentsSubject(s.room), s.relay(MessageIntent)},
		{bus.PlayoutSubject(s.room), s.relay(MessagePlayout)},
		{bus.EventsSubject(s.room), s.relayComment},
		{bus.AcksSubject(s.room), s.relayAck},
		{bus.StatusSubject(s.room), s.relay(MessageStatus)},
	}
	for _, f := range feeds {
		sub, err := s.nc.Subscribe(f.subject, f.handle)
		if err != nil {
			return fmt.Errorf("subscribe %s: %w", f.subject, err)
		}
		s.mu.Lock()
		s.subs = append(s.subs, sub)
		s.mu.Unlock()
	}
	// Once the server has the subscriptions, the hello that follows promises a
	// live feed. While the bus is down they wait in the client for its return.
	_ = s.nc.FlushTimeout(time.Second)
	return nil
}

// unsubscribe stops the feed.
func (s *session) unsubscribe() {
	s.mu.Lock()
	subs := s.subs
	s.subs = nil
	s.mu.Unlock()
	for _, sub := range subs {
		_ = sub.Unsubscribe()
	}
}

// relay returns a handler that forwards a bus message as typ, unchanged, if
// it is one modest JSON value.
func (s *session) relay(typ string) nats.MsgHandler {
	return func(m *nats.Msg) {
		if len(m.Data) > maxFeedBytes || !json.Valid(m.Data) {
			return
		}
		if msg, err := wrapRaw(typ, m.Data); err == nil {
			s.sendFeed(msg)
		}
	}
}

// relayComment forwards the room's valid comment events; other events (likes,
// arrivals) are too many and too dull for a console.
func (s *session) relayComment(m *nats.Msg) {
	e, err := bus.DecodeEvent(m.Data)
	if err != nil || e.Type != bus.EventComment {
		return
	}
	if msg, err := encodeMessage(MessageEvent, e); err == nil {
		s.sendFeed(msg)
	}
}

// relayAck forwards an Ack: as the answer to one of this console's cues if it
// is waiting for it, otherwise as part of the feed, so every console sees what
// the room did with every cue.
func (s *session) relayAck(m *nats.Msg) {
	var a bus.Ack
	if len(m.Data) > maxFeedBytes || json.Unmarshal(m.Data, &a) != nil {
		return
	}
	msg, err := encodeMessage(MessageAck, a)
	if err != nil {
		return
	}
	if p, ok := s.resolve(a.Cue); ok {
		s.sendCtrl(msg)
		s.audit(p.cue, p.at, a.OK, a.Error)
		return
	}
	s.sendFeed(msg)
}
