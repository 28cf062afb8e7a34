package ingest

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Reasons ingest adds to bus.Reason's labels.
const (
	reasonRoomMismatch = "room_mismatch"
	reasonRateLimited  = "rate_limited"
)

// reason labels why an Event was refused.
func reason(err error) string {
	switch {
	case errors.Is(err, ErrRoomMismatch):
		return reasonRoomMismatch
	case errors.Is(err, ErrRateLimited):
		return reasonRateLimited
	}
	return bus.Reason(err)
}

// handle takes one Event message: validate, count, classify a comment and publish
// its Intent. It runs on the NATS client's delivery goroutine.
func (in *Ingest) handle(m *nats.Msg) {
	room := roomOfSubject(m.Subject)
	now := in.now()
	e, err := bus.DecodeEvent(m.Data)
	if err == nil && e.Room != room {
		err = fmt.Errorf("event room %q on subject %s: %w", e.Room, m.Subject, ErrRoomMismatch)
	}
	if err == nil && !in.admit(e, now) {
		err = fmt.Errorf("viewer %q in room %q: %w", e.User.ID, room, ErrRateLimited)
	}
	if err != nil {
		in.reject(room, err, now)
		return
	}
	switch kind, thanks := burst.EventKind(e.Type); {
	case e.Type == bus.EventComment:
		in.publishIntent(e, now)
	case thanks:
		in.mu.Lock()
		in.state[e.Room].bursts.Add(burst.Entry{Event: e.ID, Intent: kind, Text: e.Text,
			User: e.User, Units: e.Count}, now)
		in.mu.Unlock()
	}
	in.announce(e.Room, now)
}

// announce publishes the signals of room that an Event started or ended.
func (in *Ingest) announce(room string, now time.Time) {
	in.mu.Lock()
	var out []outbound
	for _, sig := range in.state[room].announce(room, now, in.started, in.signals) {
		out = append(out, outbound{bus.SignalsSubject(room), sig, sig.Kind})
	}
	in.mu.Unlock()
	in.send(out, now)
}

// admit applies the viewer rate limit and, when the Event passes, counts it.
func (in *Ingest) admit(e bus.Event, now time.Time) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if e.Type == bus.EventComment && !in.users.allow(e.Room, e.User.ID, now) {
		return false
	}
	in.stats.Accepted[string(e.Type)]++
	in.roomState(e.Room).observe(e, now)
	return true
}

// reject counts a refused Event and logs it if its reason has not been logged in
// the last LogEvery.
func (in *Ingest) reject(room string, err error, now time.Time) {
	why := reason(err)
	in.mu.Lock()
	in.stats.Rejected[why]++
	logIt, suppressed := in.logged.admit(why, now)
	in.mu.Unlock()
	if logIt {
		in.log.Warn("event rejected", "room", room, "reason", why,
			"suppressed", suppressed, "err", err)
	}
}

// publishIntent classifies a comment, puts it into a burst and publishes its
// Intent. The Intent is published under the mutex so that it leaves before the
// merged Intent of its burst, which tick publishes.
func (in *Ingest) publishIntent(e bus.Event, now time.Time) {
	res := in.cls.Classify(e.Text)
	it := bus.Intent{
		V: bus.SchemaVersion, Event: e.ID, Room: e.Room, Intent: res.Intent,
		Confidence: res.Confidence, Text: e.Text, User: e.User,
	}
	in.mu.Lock()
	s := in.state[e.Room]
	id, n := s.bursts.Add(burst.Entry{Event: e.ID, Intent: res.Intent,
		Confidence: res.Confidence, Text: e.Text, User: e.User}, now)
	it.Burst = id
	var err error
	in.intentBuf, err = appendIntent(in.intentBuf[:0], &it)
	if err == nil {
		err = in.nc.Publish(bus.IntentsSubject(e.Room), in.intentBuf)
	}
	if res.Intent == bus.IntentPurchase {
		s.purchaseIntents.add(now, 1)
	}
	var out []outbound
	if sig, ok := s.questionBurst(e.Room, res.Intent, n, now, in.signals); ok {
		out = append(out, outbound{bus.SignalsSubject(e.Room), sig, sig.Kind})
	}
	if err != nil {
		in.stats.PublishErrors++
	} else {
		in.stats.Intents[res.Intent]++
	}
	logIt, suppressed := false, uint64(0)
	if err != nil {
		logIt, suppressed = in.logged.admit("publish_intent", now)
	}
	in.mu.Unlock()
	if logIt {
		in.log.Error("publish intent", "room", e.Room, "event", e.ID,
			"suppressed", suppressed, "err", err)
	}
	in.send(out, now)
}
