package burst

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// commandLike reports whether every short comment of intent asks the same thing,
// so that all of them in a window make one burst.
func commandLike(intent string) bool {
	switch intent {
	case bus.IntentPurchase, bus.IntentGreeting, bus.IntentPraise:
		return true
	}
	return false
}

// IsKind reports whether intent is one of the burst kinds that are no comment:
// KindGift, KindFollow or KindEnter.
func IsKind(intent string) bool {
	switch intent {
	case KindGift, KindFollow, KindEnter:
		return true
	}
	return false
}

// building is a burst still open to entries.
type building struct {
	Burst
	seq      int
	keys     []string // the keys that lead to it in Merger.open
	grams    []uint64 // bigrams of its first text, nil when not compared
	deadline time.Time
	seen     map[string]struct{} // viewer ids, at most MaxEvents
	variants []variant
}

// variant is one wording of a burst's entries and how often it came.
type variant struct {
	norm, text string
	n          int
}

// add counts an entry that arrived at now.
func (b *building) add(e Entry, norm []byte, now time.Time, cfg MergerConfig) {
	b.Count++
	b.Units += max(e.Units, 1)
	b.Confidence = max(b.Confidence, e.Confidence)
	b.LastAt = now
	b.deadline = now.Add(cfg.Window)
	if end := b.FirstAt.Add(cfg.MaxSpan); end.Before(b.deadline) {
		b.deadline = end
	}
	if len(b.EventIDs) < cfg.MaxEvents && e.Event != "" {
		b.EventIDs = append(b.EventIDs, e.Event)
	}
	b.addUser(e, cfg)
	b.tally(norm, e.Text)
}

// addUser counts a viewer once. Once MaxEvents viewers are remembered, every
// further entry counts as a new viewer: UserCount may then run high, never low.
func (b *building) addUser(e Entry, cfg MergerConfig) {
	if e.User.ID == "" {
		return
	}
	if _, ok := b.seen[e.User.ID]; ok {
		return
	}
	if len(b.seen) < cfg.MaxEvents {
		b.seen[e.User.ID] = struct{}{}
	}
	b.UserCount++
	b.FanLevel = max(b.FanLevel, e.User.FanLevel)
	if len(b.Users) < cfg.MaxUsers {
		b.Users = append(b.Users, e.User)
	}
}

// tally counts one more entry worded as text, normalized norm.
func (b *building) tally(norm []byte, text string) {
	for i := range b.variants {
		if b.variants[i].norm == string(norm) {
			b.variants[i].n++
			return
		}
	}
	if len(b.variants) < maxVariants {
		b.variants = append(b.variants, variant{norm: string(norm), text: text, n: 1})
	}
}

// finish is the burst as it closes: its Text the most frequent wording, the
// earliest among equals.
func (b *building) finish() Burst {
	out := b.Burst
	best := 0
	for i, v := range b.variants {
		if v.n > b.variants[best].n {
			best = i
		}
	}
	if len(b.variants) > 0 {
		out.Text = b.variants[best].text
	}
	return out
}
