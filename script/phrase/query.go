package phrase

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"
)

// Query describes the moment a line is wanted for: where the show is, what
// product is on, and what the room looks like.
type Query struct {
	Scene string
	// Theme narrows the scene to one theme; empty admits every theme.
	Theme string
	Lang  string
	// Keywords make phrases tagged with any of them three times as likely.
	Keywords []string
	// Require, when set, admits only phrases tagged with this keyword.
	Require string
	// Exclude, when set, admits only phrases not tagged with this keyword.
	Exclude string

	Category    string
	Positioning string
	Season      string
	Region      string
	TimeOfDay   string
	SkinTypes   []string
	PainPoints  []string
	Audience    []string
	HasCoupon   bool
	Viewers     int

	// IgnoreCooldown, when every fitting phrase is resting, picks the one
	// that has rested longest instead of picking nothing.
	IgnoreCooldown bool
	// Accept, when set, vetoes phrases the caller cannot use, e.g. because a
	// slot cannot be filled or the text holds a blocked word.
	Accept func(*Phrase) bool
}

// keywordBoost multiplies the weight of phrases that share a query keyword.
const keywordBoost = 3

// Pick chooses a fitting phrase at random by weight, skipping phrases still
// in their cooldown, and starts its cooldown at now. It reports false when no
// phrase fits. The same rng state and library state give the same pick.
//
// Conditions are met by intersecting the bitsets of the query's scene and
// theme, so a pick looks only at the phrases that fit. Accept is asked only
// about drawn phrases, in the order drawn: one Accept call in the usual case,
// however many phrases fit.
func (l *Library) Pick(q Query, now time.Time, rng *rand.Rand) (*Phrase, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	x := l.index[indexKey{q.Scene, q.Lang, q.Theme}]
	if x == nil {
		return nil, false
	}
	b := &l.picks
	b.ready, b.weights, b.resting = b.ready[:0], b.weights[:0], b.resting[:0]
	b.sizeFor(len(x.pos))
	x.match(&q, b.mask, b.tmp)
	x.keywords(b.boost, q.Keywords)
	total, at := 0.0, now.UnixNano()
	for w, word := range b.mask {
		for ; word != 0; word &= word - 1 {
			bit := w*64 + bits.TrailingZeros64(word)
			i := x.pos[bit]
			p := &l.phrases[i]
			if q.Viewers < p.When.MinViewers {
				continue
			}
			if last := l.lastUsed[i]; last != 0 && at-last < int64(p.Cooldown) {
				if q.IgnoreCooldown {
					b.resting = append(b.resting, i)
				}
				continue
			}
			wt := max(p.Weight, 0)
			if b.boost[w]&(1<<(bit%64)) != 0 {
				wt *= keywordBoost
			}
			b.ready, b.weights = append(b.ready, i), append(b.weights, wt)
			total += wt
		}
	}

	chosen := l.draw(&q, b.ready, b.weights, total, rng)
	if chosen < 0 {
		chosen = l.longestRested(&q, b.resting)
	}
	if chosen < 0 {
		return nil, false
	}
	l.lastUsed[chosen] = at
	return &l.phrases[chosen], true
}

// sizeFor makes the bitset buffers fit an index of n phrases.
func (b *pickBuffers) sizeFor(n int) {
	w := words(n)
	if cap(b.mask) < w {
		b.mask, b.tmp, b.boost = make(bitset, w), make(bitset, w), make(bitset, w)
	}
	b.mask, b.tmp, b.boost = b.mask[:w], b.tmp[:w], b.boost[:w]
}

// draw picks among ready phrases with probability proportional to weight
// (uniformly when no weight is positive), redrawing without a phrase Accept
// refuses. It returns the phrase's position, or -1; l.mu must be held.
func (l *Library) draw(q *Query, ready []int32, weights []float64, total float64,
	rng *rand.Rand) int32 {
	for n := len(ready); n > 0; n-- {
		k := n - 1
		if total > 0 {
			x := rng.Float64() * total
			for j := range n - 1 {
				if x < weights[j] {
					k = j
					break
				}
				x -= weights[j]
			}
		} else {
			k = rng.IntN(n)
		}
		if q.accepts(&l.phrases[ready[k]]) {
			return ready[k]
		}
		total -= weights[k]
		ready[k], ready[n-1] = ready[n-1], ready[k]
		weights[k], weights[n-1] = weights[n-1], weights[k]
	}
	return -1
}

// longestRested returns the position of the accepted phrase picked longest
// ago, or -1; l.mu must be held.
func (l *Library) longestRested(q *Query, resting []int32) int32 {
	for n := len(resting); n > 0; n-- {
		k := 0
		for j := 1; j < n; j++ {
			if l.lastUsed[resting[j]] < l.lastUsed[resting[k]] {
				k = j
			}
		}
		if q.accepts(&l.phrases[resting[k]]) {
			return resting[k]
		}
		resting[k], resting[n-1] = resting[n-1], resting[k]
	}
	return -1
}

func (q *Query) accepts(p *Phrase) bool {
	return q.Accept == nil || q.Accept(p)
}

// Fits reports whether p belongs to the query's scene, theme and language
// and meets every condition it carries, cooldown and Accept aside.
func (q *Query) Fits(p *Phrase) bool {
	return q.fits(p)
}

// fits is Fits.
func (q *Query) fits(p *Phrase) bool {
	if p.Scene != q.Scene || p.Lang != q.Lang || (q.Theme != "" && p.Theme != q.Theme) ||
		(q.Require != "" && !slices.Contains(p.Keywords, q.Require)) ||
		(q.Exclude != "" && slices.Contains(p.Keywords, q.Exclude)) {
		return false
	}
	w := &p.When
	switch {
	case !admits(w.Category, q.Category), !admits(w.Positioning, q.Positioning),
		!admits(w.Season, q.Season), !admits(w.Region, q.Region),
		!admits(w.TimeOfDay, q.TimeOfDay):
		return false
	case len(w.SkinType) > 0 && !overlaps(w.SkinType, q.SkinTypes),
		len(w.PainPoint) > 0 && !overlaps(w.PainPoint, q.PainPoints),
		len(w.Audience) > 0 && !overlaps(w.Audience, q.Audience):
		return false
	case q.Viewers < w.MinViewers, w.Coupon && !q.HasCoupon:
		return false
	}
	return true
}

func admits(allowed []string, v string) bool {
	return len(allowed) == 0 || slices.Contains(allowed, v)
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
