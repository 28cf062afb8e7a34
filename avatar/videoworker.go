package avatar

import (
	"time"

	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/avatar/render"
)

// frameDuration is the length of one video frame.
const frameDuration = ticksPerFrame * audioTick

// videoJob is one frame for the video worker to render and encode.
type videoJob struct {
	frame int64 // frame number since the start, at 25 fps
	scene render.Scene
}

// encodeVideo renders, encodes and writes frames until jobs is closed. It
// runs beside the live loop so that a slow frame never delays the audio.
func (p *Presenter) encodeVideo(jobs <-chan videoJob) {
	last := int64(-1)
	for job := range jobs {
		began := time.Now()
		if p.key.due(began) {
			p.video.ForceKeyFrame()
		}
		au, err := p.video.Encode(p.cfg.Renderer.Render(job.scene))
		if err != nil {
			p.warn.warn(p.log, "h264 encode", "err", err)
			continue
		}
		dropped := int64(0)
		if last >= 0 {
			dropped = job.frame - last - 1
		}
		err = p.cfg.Sink.WriteVideo(media.Sample{
			Data: au, Duration: frameDuration, PrevDroppedPackets: uint16(min(dropped, 1<<16-1)),
		})
		if err != nil {
			p.warn.warn(p.log, "write video", "err", err)
		}
		last = job.frame
		p.stats.videoFrame(time.Since(began), time.Now())
	}
}
