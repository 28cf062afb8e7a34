package avatar

import (
	"image"

	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/avatar/render"
)

// Sink receives the room's encoded media as it is produced in real time:
// H.264 access units every 40 ms and Opus packets every 20 ms. A Sample
// with PrevDroppedPackets set follows frames the presenter had to drop, so
// a pion TrackLocalStaticSample keeps its timestamps on the wall clock.
type Sink interface {
	WriteVideo(media.Sample) error
	WriteAudio(media.Sample) error
}

// Renderer draws one video frame of the host. The returned image may be
// reused by the next call; the presenter calls it from one goroutine.
type Renderer interface {
	Render(s render.Scene) *image.YCbCr
}
