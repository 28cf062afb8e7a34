package ingest

import "time"

// rejectLog decides which rejections are logged: the first of each reason, then at
// most one per reason per period, carrying how many were suppressed in between.
// Counters count every rejection; the log only samples them. It is not safe for
// concurrent use; Ingest guards it with its mutex.
type rejectLog struct {
	period     time.Duration
	last       map[string]time.Time
	suppressed map[string]uint64
}

func newRejectLog(period time.Duration) *rejectLog {
	return &rejectLog{period: period, last: map[string]time.Time{}, suppressed: map[string]uint64{}}
}

// admit reports whether a rejection for reason at now should be logged, and if so
// how many were suppressed since the last one logged.
func (l *rejectLog) admit(reason string, now time.Time) (bool, uint64) {
	last, seen := l.last[reason]
	if seen && now.Sub(last) < l.period {
		l.suppressed[reason]++
		return false, 0
	}
	n := l.suppressed[reason]
	l.last[reason] = now
	l.suppressed[reason] = 0
	return true, n
}
