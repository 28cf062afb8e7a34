package burst

import (
	"cmp"
	"slices"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Defaults for zero QueueConfig fields.
const (
	DefaultCapacity = 64
	DefaultHalfLife = 20 * time.Second
	DefaultMaxAge   = 60 * time.Second
	DefaultCooldown = 30 * time.Second
	DefaultPerUser  = 3
)

// QueueConfig configures a Queue; zero fields take the defaults above.
type QueueConfig struct {
	// Capacity bounds the bursts waiting; past it the least valuable is dropped.
	Capacity int
	// HalfLife is how fast a burst's value decays; a burst whose last entry is
	// older than MaxAge expires unanswered.
	HalfLife time.Duration
	MaxAge   time.Duration
	// Cooldown is how long a viewer just answered ranks lower (see Value).
	Cooldown time.Duration
	// PerUser bounds the waiting bursts of one viewer alone.
	PerUser int
	// Weights overrides Weight for the intents it names.
	Weights map[string]float64
}

func (c QueueConfig) withDefaults() QueueConfig {
	c.Capacity = cmp.Or(c.Capacity, DefaultCapacity)
	c.HalfLife = cmp.Or(c.HalfLife, DefaultHalfLife)
	c.MaxAge = cmp.Or(c.MaxAge, DefaultMaxAge)
	c.Cooldown = cmp.Or(c.Cooldown, DefaultCooldown)
	c.PerUser = cmp.Or(c.PerUser, DefaultPerUser)
	return c
}

// QueueStats counts what a Queue did with the bursts offered to it.
type QueueStats struct {
	// Queued counts bursts that entered; Merged offers that grew a waiting burst.
	Queued, Merged uint64
	// Refused counts offers turned away: spam, already answered, too old, or
	// worth less than what waits. Dropped counts waiting bursts pushed out by more
	// valuable ones, Expired those that aged out.
	Refused, Dropped, Expired uint64
}

// Queue holds the bursts waiting for the host's answer, most valuable first. It
// is bounded: at most Capacity bursts, PerUser of them from one viewer alone.
type Queue struct {
	cfg   QueueConfig
	items []Burst
	// answered remembers popped burst ids until MaxAge, so that a burst's later
	// comments do not bring it back; answeredUsers when each viewer was answered.
	answered      map[string]time.Time
	answeredUsers map[string]time.Time
	stats         QueueStats
}

// NewQueue makes a Queue with cfg's zero fields defaulted.
func NewQueue(cfg QueueConfig) *Queue {
	return &Queue{
		cfg:           cfg.withDefaults(),
		answered:      map[string]time.Time{},
		answeredUsers: map[string]time.Time{},
	}
}

// Add offers b at now and reports whether it waits in the queue. A burst with
// the id of a waiting one grows it: a summary (Count > 1, a merged Intent)
// replaces its counts, users and events, a single comment adds to them. Spam,
// bursts already popped, and bursts older than MaxAge are refused.
func (q *Queue) Add(b Burst, now time.Time) bool {
	q.expire(now)
	if i := q.index(b.ID); i >= 0 {
		q.items[i] = grow(q.items[i], b)
		q.stats.Merged++
		return true
	}
	_, done := q.answered[b.ID]
	if done || q.weight(b.Intent) <= 0 || now.Sub(b.LastAt) > q.cfg.MaxAge {
		q.stats.Refused++
		return false
	}
	if !q.makeRoomForUser(b, now) {
		q.stats.Refused++
		return false
	}
	q.items = append(q.items, b)
	if len(q.items) > q.cfg.Capacity {
		low := q.rank(now, func(Burst) bool { return true }, false)
		dropped := q.items[low].ID
		q.items = slices.Delete(q.items, low, low+1)
		if dropped == b.ID {
			q.stats.Refused++
			return false
		}
		q.stats.Dropped++
	}
	q.stats.Queued++
	return true
}

// Pop removes and returns the most valuable burst waiting at now, and counts it
// and its viewers as answered: the caller is expected to answer it. It reports
// false when nothing waits.
func (q *Queue) Pop(now time.Time) (Burst, bool) {
	q.expire(now)
	q.forget(now)
	if len(q.items) == 0 {
		return Burst{}, false
	}
	best := q.rank(now, func(Burst) bool { return true }, true)
	b := q.items[best]
	q.items = slices.Delete(q.items, best, best+1)
	q.answered[b.ID] = now
	for _, u := range b.Users {
		q.answeredUsers[u.ID] = now
	}
	return b, true
}

// Snapshot returns at most n of the bursts waiting at now, all of them when
// n <= 0, most valuable first in the order Pop would take them, without taking
// any and without changing the queue or its counters: bursts older than MaxAge
// are left out but not expired. The bursts share their Users and EventIDs with
// the queue; read them only.
func (q *Queue) Snapshot(now time.Time, n int) []Burst {
	type ranked struct {
		Burst
		value float64
		at    int
	}
	waiting := make([]ranked, 0, len(q.items))
	for i, b := range q.items {
		if now.Sub(b.LastAt) <= q.cfg.MaxAge {
			waiting = append(waiting, ranked{b, q.Value(b, now), i})
		}
	}
	slices.SortFunc(waiting, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.value, a.value), a.FirstAt.Compare(b.FirstAt),
			cmp.Compare(a.at, b.at))
	})
	if n > 0 && len(waiting) > n {
		waiting = waiting[:n]
	}
	out := make([]Burst, len(waiting))
	for i, w := range waiting {
		out[i] = w.Burst
	}
	return out
}

// Len is how many bursts wait.
func (q *Queue) Len() int { return len(q.items) }

// Stats returns the counters.
func (q *Queue) Stats() QueueStats { return q.stats }

func (q *Queue) index(id string) int {
	return slices.IndexFunc(q.items, func(b Burst) bool { return b.ID == id })
}

// rank is the index of the most (or, when !most, the least) valuable waiting
// burst that match accepts, or -1. Among equal values the earlier first entry
// ranks higher, then the earlier added.
func (q *Queue) rank(now time.Time, match func(Burst) bool, most bool) int {
	pick, pickValue := -1, 0.0
	for i, b := range q.items {
		if !match(b) {
			continue
		}
		v := q.Value(b, now)
		if pick < 0 {
			pick, pickValue = i, v
			continue
		}
		higher := v > pickValue || v == pickValue && b.FirstAt.Before(q.items[pick].FirstAt)
		lower := v < pickValue || v == pickValue && !b.FirstAt.Before(q.items[pick].FirstAt)
		if most && higher || !most && lower {
			pick, pickValue = i, v
		}
	}
	return pick
}

// makeRoomForUser keeps one viewer from filling the queue: when PerUser bursts
// of b's lone viewer wait, the least valuable of them and b goes. It reports
// whether b may enter.
func (q *Queue) makeRoomForUser(b Burst, now time.Time) bool {
	user := soloUser(b)
	if user == "" {
		return true
	}
	mine := func(o Burst) bool { return soloUser(o) == user }
	n := 0
	for _, o := range q.items {
		if mine(o) {
			n++
		}
	}
	if n < q.cfg.PerUser {
		return true
	}
	low := q.rank(now, mine, false)
	if v, lv := q.Value(b, now), q.Value(q.items[low], now); v < lv ||
		v == lv && !b.FirstAt.Before(q.items[low].FirstAt) {
		return false
	}
	q.items = slices.Delete(q.items, low, low+1)
	q.stats.Dropped++
	return true
}

// soloUser is the id of a burst's only viewer, or "" for a crowd.
func soloUser(b Burst) string {
	if len(b.Users) != 1 || b.UserCount > 1 {
		return ""
	}
	return b.Users[0].ID
}

// expire drops waiting bursts older than MaxAge.
func (q *Queue) expire(now time.Time) {
	before := len(q.items)
	q.items = slices.DeleteFunc(q.items, func(b Burst) bool {
		return now.Sub(b.LastAt) > q.cfg.MaxAge
	})
	q.stats.Expired += uint64(before - len(q.items))
}

// forget drops answers older than both MaxAge and Cooldown.
func (q *Queue) forget(now time.Time) {
	keep := max(q.cfg.MaxAge, q.cfg.Cooldown)
	for id, at := range q.answered {
		if now.Sub(at) > keep {
			delete(q.answered, id)
		}
	}
	for id, at := range q.answeredUsers {
		if now.Sub(at) > keep {
			delete(q.answeredUsers, id)
		}
	}
}

// grow adds an offer to the waiting burst with its id.
func grow(w, b Burst) Burst {
	w.Confidence = max(w.Confidence, b.Confidence)
	w.FanLevel = max(w.FanLevel, b.FanLevel)
	if b.LastAt.After(w.LastAt) {
		w.LastAt = b.LastAt
	}
	if b.Count > 1 {
		w.Count, w.Units, w.UserCount = b.Count, b.Units, b.UserCount
		w.Users, w.EventIDs = b.Users, b.EventIDs
		w.Text = cmp.Or(b.Text, w.Text)
		return w
	}
	w.Count++
	w.Units += max(b.Units, 1)
	if len(w.EventIDs) < DefaultMaxEvents {
		w.EventIDs = append(slices.Clip(w.EventIDs), b.EventIDs...)
	}
	for _, u := range b.Users {
		if slices.ContainsFunc(w.Users, func(o bus.User) bool { return o.ID == u.ID }) {
			continue
		}
		w.UserCount++
		if len(w.Users) < DefaultMaxUsers {
			w.Users = append(slices.Clip(w.Users), u)
		}
	}
	return w
}
