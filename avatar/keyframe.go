package avatar

import (
	"sync"
	"time"
)

// minKeyFrameGap is the least time between two forced keyframes: a burst of
// joining viewers or picture-loss reports costs one IDR, not one each.
const minKeyFrameGap = 500 * time.Millisecond

// keyFrames merges keyframe requests.
type keyFrames struct {
	// mu guards pending and last.
	mu      sync.Mutex
	pending bool
	last    time.Time // when the last keyframe was forced
}

func (k *keyFrames) request() {
	k.mu.Lock()
	k.pending = true
	k.mu.Unlock()
}

// due reports whether the frame encoded at now should be forced to a
// keyframe, and if so consumes the pending request.
func (k *keyFrames) due(now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.pending || now.Sub(k.last) < minKeyFrameGap {
		return false
	}
	k.pending, k.last = false, now
	return true
}
