package ingest

import "time"

// userLimiter is a token bucket per viewer: each viewer may send burst comments at
// once and rate comments per second after that. It is not safe for concurrent use;
// Ingest guards it with its mutex.
type userLimiter struct {
	rate    float64
	burst   float64
	buckets map[viewer]*bucket
}

// viewer keys a bucket: one viewer in one room.
type viewer struct {
	room, user string
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newUserLimiter(rate float64, burst int) *userLimiter {
	return &userLimiter{rate: rate, burst: float64(burst), buckets: map[viewer]*bucket{}}
}

// allow takes a token from the bucket of user in room if it has one. A
// non-positive rate disables limiting.
func (l *userLimiter) allow(room, user string, now time.Time) bool {
	key := viewer{room, user}
	if l.rate <= 0 {
		return true
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets viewers whose buckets have refilled: they would start full anyway.
func (l *userLimiter) sweep(now time.Time) {
	if l.rate <= 0 {
		return
	}
	for key, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, key)
		}
	}
}
