package avatar

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// applyCue acts on a moderator's or operator's cue in the live loop. The
// script component acknowledges cues; the presenter only obeys them.
func (p *Presenter) applyCue(t *timeline, c bus.Cue, now time.Time) {
	switch c.Type {
	case bus.CueSkip:
		t.skip = t.cur != nil
		if t.cur == nil {
			p.skipStarting()
		}
	case bus.CuePause:
		t.paused = true // the line on air finishes; no new one starts
	case bus.CueResume:
		t.paused = false
	case bus.CueWelfare:
		t.overlay.welfare(c.Args, now)
	}
	p.log.Info("cue", "cue", c.ID, "type", c.Type)
}

// skipStarting drops the line about to go on air when a skip comes while
// none is: the head of the queue, if its synthesis has begun.
func (p *Presenter) skipStarting() {
	l := p.queue.popClaimed()
	if l == nil {
		return
	}
	l.track.cancel()
	p.publishPlayout(l.utt.ID, bus.PlayoutSkipped, 0)
}
