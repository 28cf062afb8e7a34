// Package burst turns a room's stream of classified comments into bursts the host
// can answer once: a Merger groups comments that say the same thing (three hundred
// "扣1" in two seconds, thirty copies of one question) and gifts, follows and
// arrivals into one burst per window, and a Queue ranks the bursts waiting for an
// answer by what answering them is worth now.
//
// Besides the Intent schema's names, a Burst's Intent may be one of three kinds
// that are no comment: KindGift ("thanks.gift"), KindFollow ("thanks.follow") and
// KindEnter ("welcome.enter"), the gifts, follows and arrivals of one window.
//
// Both types take the time as a parameter and start no goroutine; neither is safe
// for concurrent use.
package burst

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Kinds of bursts made of Events other than comments.
const (
	KindGift   = "thanks.gift"
	KindFollow = "thanks.follow"
	KindEnter  = "welcome.enter"
)

// EventKind names the burst kind of a gift, follow or enter Event type, and
// reports false for every other type.
func EventKind(t bus.EventType) (string, bool) {
	switch t {
	case bus.EventGift:
		return KindGift, true
	case bus.EventFollow:
		return KindFollow, true
	case bus.EventEnter:
		return KindEnter, true
	}
	return "", false
}

// Entry is one thing a viewer did, offered to a Merger: a classified comment, or
// a gift, follow or arrival with Intent set to its kind.
type Entry struct {
	Event      string
	Intent     string
	Confidence float64
	Text       string
	User       bus.User
	// Units is how many the Event counts (gifts sent at once); zero counts as one.
	Units int
}

// Burst is a group of entries that one answer can serve.
type Burst struct {
	// ID is "b-<n>", unique within its Merger.
	ID string
	// Intent is the entries' intent, or a Kind.
	Intent string
	// Text is the most frequent wording among the entries, as first written.
	Text       string
	Confidence float64
	// Count is how many entries the burst holds; Units the sum of their Units.
	Count int
	Units int
	// Users lists the first distinct viewers, at most MergerConfig.MaxUsers;
	// UserCount counts them all.
	Users     []bus.User
	UserCount int
	// FanLevel is the highest fan level among the viewers.
	FanLevel int
	// EventIDs lists the entries' Events in arrival order, at most
	// MergerConfig.MaxEvents.
	EventIDs []string
	// FirstAt and LastAt are when the first and the last entry arrived.
	FirstAt, LastAt time.Time
}

// FromIntent reads an Intent from the bus as a Burst for a Queue: a merged Intent
// (Count > 1) carries its burst's counts, users and events; a per-comment Intent
// is a burst of one. An Intent without a burst id is keyed by its event id. The
// Intent carries no times, so both are now.
func FromIntent(it bus.Intent, now time.Time) Burst {
	b := Burst{
		ID: it.Burst, Intent: it.Intent, Text: it.Text, Confidence: it.Confidence,
		Count: max(it.Count, 1), Users: it.Users, EventIDs: it.EventIDs,
		FirstAt: now, LastAt: now,
	}
	if b.ID == "" {
		b.ID = "e:" + it.Event
	}
	if len(b.Users) == 0 && it.User.ID != "" {
		b.Users = []bus.User{it.User}
	}
	if len(b.EventIDs) == 0 && it.Event != "" {
		b.EventIDs = []string{it.Event}
	}
	b.Units, b.UserCount = b.Count, len(b.Users)
	for _, u := range b.Users {
		b.FanLevel = max(b.FanLevel, u.FanLevel)
	}
	return b
}

// Viewer is the name to answer a burst by: its first viewer's name, or id.
func (b Burst) Viewer() string {
	if len(b.Users) == 0 {
		return ""
	}
	if b.Users[0].Name != "" {
		return b.Users[0].Name
	}
	return b.Users[0].ID
}
