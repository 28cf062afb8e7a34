package ingest

import "time"

// windowSeconds is the span of every rate in RoomSignals.
const windowSeconds = 60

// window counts events over the last minute in one-second slots.
type window struct {
	counts [windowSeconds]int
	stamps [windowSeconds]int64 // the Unix second each slot counts
}

func slot(sec int64) int {
	return int((sec%windowSeconds + windowSeconds) % windowSeconds)
}

// add counts n events at now.
func (w *window) add(now time.Time, n int) {
	sec := now.Unix()
	i := slot(sec)
	if w.stamps[i] != sec {
		w.stamps[i], w.counts[i] = sec, 0
	}
	w.counts[i] += n
}

// sum is the number of events in the minute up to now.
func (w *window) sum(now time.Time) int {
	sec, total := now.Unix(), 0
	for i := range w.counts {
		if age := sec - w.stamps[i]; age >= 0 && age < windowSeconds {
			total += w.counts[i]
		}
	}
	return total
}

// gauge remembers the last value of a level (viewers) each second of the last
// minute, to tell its trend.
type gauge struct {
	values [windowSeconds]int
	stamps [windowSeconds]int64
	now    int
	set    bool
}

// put records the level v at now.
func (g *gauge) put(now time.Time, v int) {
	sec := now.Unix()
	i := slot(sec)
	g.stamps[i], g.values[i] = sec, v
	g.now, g.set = v, true
}

// trend is the change of the level over the last minute: the latest value minus
// the oldest one recorded in the minute, or 0 when there is none.
func (g *gauge) trend(now time.Time) int {
	sec := now.Unix()
	oldest, value := int64(-1), g.now
	for i := range g.stamps {
		age := sec - g.stamps[i]
		if age >= 0 && age < windowSeconds && (oldest < 0 || g.stamps[i] < oldest) {
			oldest, value = g.stamps[i], g.values[i]
		}
	}
	if oldest < 0 {
		return 0
	}
	return g.now - value
}
