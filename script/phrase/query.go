package phrase

import (
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
// Accept is asked only about drawn phrases, in the order drawn, so a pick
// costs one scan of the query's scene and theme plus one Accept call in the
// usual case, however many phrases fit.
func (l *Library) Pick(q Query, now time.Time, rng *rand.Rand) (*Phrase, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	b := &l.picks
	b.ready, b.weights, b.resting = b.ready[:0], b.weights[:0], b.resting[:0]
	total := 0.0
	for _, i := range l.index[indexKey{q.Scene, q.Lang, q.Theme}] {
		p := &l.phrases[i]
		if !q.fits(p) {
			continue
		}
		if now.Sub(l.lastUsed[i]) < p.Cooldown {
			if q.IgnoreCooldown {
				b.resting = append(b.resting, i)
			}
			continue
		}
		w := max(p.Weight, 0)
		if q.sharesKeyword(p) {
			w *= keywordBoost
		}
		b.ready, b.weights = append(b.ready, i), append(b.weights, w)
		total += w
	}

	chosen := l.draw(&q, b.ready, b.weights, total, rng)
	if chosen < 0 {
		chosen = l.longestRested(&q, b.resting)
	}
	if chosen < 0 {
		return nil, false
	}
	l.lastUsed[chosen] = now
	return &l.phrases[chosen], true
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
			if l.lastUsed[resting[j]].Before(l.lastUsed[resting[k]]) {
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

func (q *Query) sharesKeyword(p *Phrase) bool {
	return overlaps(p.Keywords, q.Keywords)
}

// Fits reports whether p belongs to the query's scene, theme and language
// and meets every condition it carries, cooldown and Accept aside.
func (q *Query) Fits(p *Phrase) bool {
	return q.fits(p)
}

// fits is Fits.
func (q *Query) fits(p *Phrase) bool {
	if p.Scene != q.Scene || p.Lang != q.Lang || (q.Theme != "" && p.Theme != q.Theme) ||
		(q.Require != "" && !slices.Contains(p.Keywords, q.Require)) {
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
