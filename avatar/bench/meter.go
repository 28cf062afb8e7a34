package bench

import (
	"image"
	"slices"
	"sync"
	"time"

	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/avatar"
	"github.com/zhubo-live/zhubo/avatar/render"
)

// meter sits on both ends of a room's video worker: it is the renderer the
// presenter calls before encoding and the sink it writes to after, so the
// time between the two is one frame's render and encode. It discards the media.
type meter struct {
	r     avatar.Renderer
	began time.Time // set and read on the presenter's video worker only
	// mu guards encodes.
	mu      sync.Mutex
	encodes []time.Duration
}

// Render draws the frame and starts its clock.
func (m *meter) Render(s render.Scene) *image.YCbCr {
	m.began = time.Now()
	return m.r.Render(s)
}

// WriteVideo stops the frame's clock and drops the frame.
func (m *meter) WriteVideo(media.Sample) error {
	took := time.Since(m.began)
	m.mu.Lock()
	m.encodes = append(m.encodes, took)
	m.mu.Unlock()
	return nil
}

// WriteAudio drops the packet.
func (m *meter) WriteAudio(media.Sample) error { return nil }

func (m *meter) encodeTimes() []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.encodes)
}

// Percentile is the p-th percentile (0…1) of ds, or 0 for none.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
