package burst

import (
	"math"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Shape of a burst's value beyond its intent's weight.
const (
	// maxFan is the fan level from which a viewer's level adds no more; a burst of
	// such viewers is worth twice one of newcomers.
	maxFan = 20
	// cooldownFactor scales a burst whose viewers were all answered lately.
	cooldownFactor = 0.25
)

// Weight is what answering one comment of intent is worth before count, fan level,
// age and cooldown: risks and buyers first (complaint 5; purchase and every
// question 4), then gifts (3) and follows (2), then small talk (greeting and
// praise 1, arrivals 0.8, other 0.5). Spam is worth 0: it never enters a Queue.
func Weight(intent string) float64 {
	switch {
	case intent == bus.IntentComplaint:
		return 5
	case intent == bus.IntentPurchase, strings.HasPrefix(intent, "question."):
		return 4
	case intent == KindGift:
		return 3
	case intent == KindFollow:
		return 2
	case intent == bus.IntentGreeting, intent == bus.IntentPraise:
		return 1
	case intent == KindEnter:
		return 0.8
	case intent == bus.IntentSpam:
		return 0
	}
	return 0.5
}

// Value is what answering b at now is worth: its intent's weight, times
// 1 + ln(Count) so that a crowd outweighs one viewer without drowning every
// question, times up to 2 for fan level, halved every HalfLife since its last
// entry, and a quarter of that when all its viewers were answered within Cooldown.
func (q *Queue) Value(b Burst, now time.Time) float64 {
	v := q.weight(b.Intent) * (1 + math.Log(float64(max(b.Count, 1))))
	v *= 1 + float64(min(max(b.FanLevel, 0), maxFan))/maxFan
	if age := now.Sub(b.LastAt); age > 0 {
		v *= math.Exp2(-age.Seconds() / q.cfg.HalfLife.Seconds())
	}
	if q.cooling(b, now) {
		v *= cooldownFactor
	}
	return v
}

func (q *Queue) weight(intent string) float64 {
	if w, ok := q.cfg.Weights[intent]; ok {
		return w
	}
	return Weight(intent)
}

// cooling reports whether every listed viewer of b was answered within Cooldown.
func (q *Queue) cooling(b Burst, now time.Time) bool {
	if len(b.Users) == 0 {
		return false
	}
	for _, u := range b.Users {
		at, ok := q.answeredUsers[u.ID]
		if !ok || now.Sub(at) >= q.cfg.Cooldown {
			return false
		}
	}
	return true
}
