package relay

import (
	"slices"

	"github.com/pion/webrtc/v4/pkg/media"
)

// Tap receives a room's samples as they are written, for an egress such as a WHIP push. Its
// methods are called on the writer's goroutine with data that is only valid during the call,
// so they must copy what they keep and must not block.
type Tap interface {
	// TapVideo gets one Annex-B access unit; keyframe says it is an IDR unit, which carries
	// its SPS and PPS.
	TapVideo(s media.Sample, keyframe bool)
	// TapAudio gets one Opus packet.
	TapAudio(s media.Sample)
}

// tapEntry wraps a Tap so that removing it compares pointers, whatever the Tap's type.
type tapEntry struct{ Tap }

// AddTap makes t receive the room's samples until the returned function removes it.
func (r *Room) AddTap(t Tap) (remove func()) {
	e := &tapEntry{t}
	r.mu.Lock()
	taps := append(slices.Clone(*r.taps.Load()), e)
	r.taps.Store(&taps)
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		cur := *r.taps.Load()
		if i := slices.Index(cur, e); i >= 0 {
			next := slices.Delete(slices.Clone(cur), i, i+1)
			r.taps.Store(&next)
		}
	}
}
