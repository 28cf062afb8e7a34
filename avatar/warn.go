package avatar

import (
	"log/slog"
	"sync"
	"time"
)

// warnLimiter logs each kind of warning at most once per period, with a
// count of the ones it held back, so a failing TTS or sink cannot flood the log.
type warnLimiter struct {
	every time.Duration
	// mu guards kinds.
	mu    sync.Mutex
	kinds map[string]*warnKind
}

type warnKind struct {
	last       time.Time
	suppressed int
}

// warn logs msg unless the same msg was logged within the period.
func (w *warnLimiter) warn(log *slog.Logger, msg string, args ...any) {
	w.mu.Lock()
	if w.kinds == nil {
		w.kinds = make(map[string]*warnKind)
	}
	k := w.kinds[msg]
	if k == nil {
		k = &warnKind{}
		w.kinds[msg] = k
	}
	now := time.Now()
	if !k.last.IsZero() && now.Sub(k.last) < w.every {
		k.suppressed++
		w.mu.Unlock()
		return
	}
	suppressed := k.suppressed
	k.last, k.suppressed = now, 0
	w.mu.Unlock()
	if suppressed > 0 {
		args = append(args, "suppressed", suppressed)
	}
	log.Warn(msg, args...)
}
