package relay

import "sync/atomic"

// viewerLimit counts the viewers of every room in a Relay against one cap.
type viewerLimit struct {
	max int64 // 0: no cap, only counting
	n   atomic.Int64
}

// take reserves a place for one viewer unless the cap is reached.
func (l *viewerLimit) take() bool {
	if l.n.Add(1) > l.max && l.max > 0 {
		l.n.Add(-1)
		return false
	}
	return true
}

// release gives back a place that take reserved; it is a no-op on nil.
func (l *viewerLimit) release() {
	if l != nil {
		l.n.Add(-1)
	}
}
