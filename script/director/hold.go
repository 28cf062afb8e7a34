package director

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// holdQuiet is how long a held burst must go without a new comment before it
// is answered without waiting for ingest's merged Intent: a little more than
// the burst window, after which ingest would have closed it.
const holdQuiet = 3500 * time.Millisecond

// held collects the per-comment Intents of one chorus-like burst ("扣1",
// "主播好", "好看") until the burst closes, so that one line answers everybody
// in it instead of the first voice alone.
type held struct {
	intents  []bus.Intent
	lastSeen time.Time
}

// holds reports whether comments of this intent come in choruses that are
// answered together; questions and complaints are answered at once.
func holds(intent string) bool {
	switch intent {
	case bus.IntentPurchase, bus.IntentGreeting, bus.IntentPraise:
		return true
	}
	return burst.IsKind(intent)
}

// hold keeps a chorus comment back, or, for ingest's merged Intent of a
// burst, replaces what was kept with it. It reports whether in was taken.
func (d *Director) hold(in bus.Intent, now time.Time) bool {
	if in.Burst == "" || !holds(in.Intent) {
		return false
	}
	if in.Count > 1 {
		delete(d.held, in.Burst)
		d.replies.Add(burst.FromIntent(in, now), now)
		return true
	}
	h := d.held[in.Burst]
	if h == nil {
		h = &held{}
		d.held[in.Burst] = h
	}
	h.intents = append(h.intents, in)
	h.lastSeen = now
	return true
}

// releaseHeld queues bursts that went quiet without a merged Intent (a burst
// of one comment, or a merged Intent lost on the way).
func (d *Director) releaseHeld(now time.Time) {
	for id, h := range d.held {
		if now.Sub(h.lastSeen) < holdQuiet {
			continue
		}
		for _, in := range h.intents {
			d.replies.Add(burst.FromIntent(in, now), now)
		}
		delete(d.held, id)
	}
}
