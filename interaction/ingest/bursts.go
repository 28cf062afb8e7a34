package ingest

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// outbound is a message to publish once Ingest's mutex is released.
type outbound struct {
	subject string
	v       any
	signal  string // the RoomSignal kind, or "" for an Intent
}

// tick closes the bursts due at now, publishing a merged Intent for each, and
// publishes the signals that changed.
func (in *Ingest) tick() {
	now := in.now()
	in.mu.Lock()
	var out []outbound
	for _, room := range in.rooms {
		in.roomState(room)
	}
	for room, s := range in.state {
		for _, b := range s.bursts.Flush(now) {
			if it, ok := in.mergedIntent(room, b); ok {
				out = append(out, outbound{bus.IntentsSubject(room), it, ""})
			}
		}
		for _, sig := range s.announce(room, now, in.started, in.signals) {
			out = append(out, outbound{bus.SignalsSubject(room), sig, sig.Kind})
		}
	}
	in.mu.Unlock()
	in.send(out, now)
}

// mergedIntent is the Intent that sums up a closed burst: of more than one
// comment, or of gifts, follows or arrivals when Config.ThanksIntents is set.
func (in *Ingest) mergedIntent(room string, b burst.Burst) (bus.Intent, bool) {
	thanks := burst.IsKind(b.Intent)
	if thanks && !in.thanks || !thanks && b.Count < 2 {
		return bus.Intent{}, false
	}
	it := bus.Intent{
		V: bus.SchemaVersion, Room: room, Intent: b.Intent, Confidence: b.Confidence,
		Burst: b.ID, Text: b.Text, Count: b.Count, Users: b.Users, EventIDs: b.EventIDs,
	}
	if len(b.EventIDs) > 0 {
		it.Event = b.EventIDs[0]
	}
	if len(b.Users) > 0 {
		it.User = b.Users[0]
	}
	return it, true
}

// send publishes messages collected under the mutex and counts them.
func (in *Ingest) send(out []outbound, now time.Time) {
	for _, o := range out {
		err := bus.Publish(in.nc, o.subject, o.v)
		in.mu.Lock()
		in.countPublish(o, err)
		logIt, suppressed := false, uint64(0)
		if err != nil {
			logIt, suppressed = in.logged.admit("publish_"+o.subject, now)
		}
		in.mu.Unlock()
		if logIt {
			in.log.Error("publish", "subject", o.subject,
				"suppressed", suppressed, "err", err)
		}
	}
}

// countPublish counts one published message. Ingest's mutex must be held.
func (in *Ingest) countPublish(o outbound, err error) {
	switch {
	case err != nil:
		in.stats.PublishErrors++
	case o.signal != "":
		in.stats.Signals[o.signal]++
	default:
		in.stats.Merged++
	}
}

// roomState is room's state, made on first use. Ingest's mutex must be held.
func (in *Ingest) roomState(room string) *roomState {
	s := in.state[room]
	if s == nil {
		s = &roomState{bursts: burst.NewMerger(in.bursts)}
		in.state[room] = s
	}
	return s
}
