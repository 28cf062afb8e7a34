package ingest

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

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
	if e.Type != bus.EventComment {
		return
	}
	in.publishIntent(e, now)
}

// admit applies the viewer rate limit and, when the Event passes, counts it.
func (in *Ingest) admit(e bus.Event, now time.Time) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if e.Type == bus.EventComment && !in.users.allow(e.Room+"\x00"+e.User.ID, now) {
		return false
	}
	in.stats.Accepted[string(e.Type)]++
	s := in.state[e.Room]
	if s == nil {
		s = &roomState{}
		in.state[e.Room] = s
	}
	s.observe(e, now)
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

// publishIntent classifies a comment and publishes its Intent.
func (in *Ingest) publishIntent(e bus.Event, now time.Time) {
	res := in.cls.Classify(e.Text)
	it := bus.Intent{
		V: bus.SchemaVersion, Event: e.ID, Room: e.Room, Intent: res.Intent,
		Confidence: res.Confidence, Text: e.Text, User: e.User,
	}
	data, err := bus.Encode(it)
	if err == nil {
		err = in.nc.Publish(bus.IntentsSubject(e.Room), data)
	}
	in.mu.Lock()
	if res.Intent == bus.IntentPurchase {
		in.state[e.Room].purchaseIntents.add(now, 1)
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
}
