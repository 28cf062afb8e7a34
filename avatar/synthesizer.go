package avatar

import (
	"context"
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/tts"
)

// synthesize runs until ctx is done, turning the lines at the head of the
// queue into speech and mouth tracks ahead of their turn.
func (p *Presenter) synthesize(ctx context.Context) {
	for {
		l := p.queue.claim()
		if l == nil {
			select {
			case <-ctx.Done():
				return
			case <-p.queue.wake:
			}
			continue
		}
		began := time.Now()
		sp, err := p.cfg.TTS.Synthesize(ctx, tts.Request{
			Text: l.utt.Text, Lang: l.utt.Lang, Speed: p.cfg.Speed, Pitch: p.cfg.Pitch,
		})
		res := synthesis{speech: sp, err: err, latency: time.Since(began)}
		if err == nil && sp.SampleRate != sampleRate {
			res.err = fmt.Errorf("%s: %w: got %d Hz, want %d",
				p.cfg.TTS.Name(), ErrSampleRate, sp.SampleRate, sampleRate)
		}
		if res.err == nil {
			res.mouth = lipsync.Analyze(sp.PCM, sp.SampleRate, videoFPS)
		}
		p.queue.finish(l, res)
	}
}
