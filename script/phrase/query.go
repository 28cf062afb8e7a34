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
func (l *Library) Pick(q Query, now time.Time, rng *rand.Rand) (*Phrase, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	var ready, resting []*Phrase
	for i := range l.phrases {
		p := &l.phrases[i]
		if !q.fits(p) {
			continue
		}
		last, used := l.lastUsed[p.ID]
		if used && now.Sub(last) < p.Cooldown {
			if q.IgnoreCooldown && (q.Accept == nil || q.Accept(p)) {
				resting = append(resting, p)
			}
			continue
		}
		if q.Accept == nil || q.Accept(p) {
			ready = append(ready, p)
		}
	}

	var chosen *Phrase
	switch {
	case len(ready) > 0:
		chosen = q.weighted(ready, rng)
	case len(resting) > 0:
		chosen = l.longestRested(resting)
	default:
		return nil, false
	}
	l.lastUsed[chosen.ID] = now
	return chosen, true
}

// weighted draws one phrase with probability proportional to its weight.
func (q *Query) weighted(ps []*Phrase, rng *rand.Rand) *Phrase {
	weights := make([]float64, len(ps))
	total := 0.0
	for i, p := range ps {
		w := p.Weight
		if q.sharesKeyword(p) {
			w *= keywordBoost
		}
		weights[i] = w
		total += w
	}
	if total <= 0 {
		return ps[rng.IntN(len(ps))]
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return ps[i]
		}
		x -= w
	}
	return ps[len(ps)-1]
}

// longestRested returns the phrase picked longest ago; l.mu must be held.
func (l *Library) longestRested(ps []*Phrase) *Phrase {
	best := ps[0]
	for _, p := range ps[1:] {
		if l.lastUsed[p.ID].Before(l.lastUsed[best.ID]) {
			best = p
		}
	}
	return best
}

func (q *Query) sharesKeyword(p *Phrase) bool {
	return overlaps(p.Keywords, q.Keywords)
}

// fits reports whether p belongs to the query's scene, theme and language
// and meets every condition it carries.
func (q *Query) fits(p *Phrase) bool {
	if p.Scene != q.Scene || p.Lang != q.Lang || (q.Theme != "" && p.Theme != q.Theme) {
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
