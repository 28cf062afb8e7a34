package avatar

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// maxLag is how far the live loop may fall behind the wall clock before it
// drops ticks instead of playing them late.
const maxLag = 200 * time.Millisecond

// timeline is the live loop's state. Tick n is the 20 ms audio packet due
// at start + n·20 ms; every even tick also carries video frame n/2, which
// shows the mouth for the audio of ticks n and n+1. Lines start, stall and
// are cut on even ticks and their clauses are whole frames long, so a
// line's lip-sync frames line up with video frames exactly.
type timeline struct {
	start     time.Time
	tick      int64
	lastAudio int64 // the tick of the last audio packet written; -1 before the first
	cur       *playing
	paused    bool
	skip      bool
	replies   int // replies started since the last script line started
	overlay   overlay
	motion    *lipsync.Motion
	buf       []int16 // the 20 ms packet being played
}

func (p *Presenter) loop(ctx context.Context, cues <-chan bus.Cue, jobs chan<- videoJob) {
	t := &timeline{
		start:     time.Now().Add(framePhase(p.cfg.Room)),
		lastAudio: -1,
		motion:    lipsync.NewMotion(int64(len(p.cfg.Room))*7919 + 1),
		buf:       make([]int16, frameSamples),
	}
	timer := time.NewTimer(time.Until(t.start))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		due := int64(time.Since(t.start) / audioTick)
		if lag := due - t.tick; lag > int64(maxLag/audioTick) {
			// Whole frames only, so even ticks still start video frames.
			lag -= lag % ticksPerFrame
			p.stats.droppedTicks(lag)
			t.tick += lag
		}
		for ; t.tick <= due; t.tick++ {
			p.step(t, cues, jobs)
		}
		// Scheduled against the start, not the last wake-up, so that late
		// wake-ups never accumulate into drift.
		timer.Reset(time.Until(t.at(t.tick)))
	}
}

// framePhase is where in the 40 ms frame period a room's frames fall, spread
// over the period by the room's name, so that the rooms of one process do not
// all render and encode at the same instant and then idle together.
func framePhase(room string) time.Duration {
	h := fnv.New32a()
	h.Write([]byte(room))
	return time.Duration(h.Sum32()%uint32(frameDuration/time.Millisecond)) * time.Millisecond
}

// at is the wall-clock time of a tick.
func (t *timeline) at(tick int64) time.Time {
	return t.start.Add(time.Duration(tick) * audioTick)
}

// step plays one tick: cues, the end and start of lines, a video frame on
// even ticks and an audio packet.
func (p *Presenter) step(t *timeline, cues <-chan bus.Cue, jobs chan<- videoJob) {
	now := t.at(t.tick)
	for len(cues) > 0 {
		p.applyCue(t, <-cues, now)
	}
	frameStart := t.tick%ticksPerFrame == 0
	if frameStart && t.cur != nil {
		t.cur.refresh()
		p.bargeIn(t)
	}
	if t.cur != nil && (t.skip || t.cur.over()) {
		p.endLine(t, now)
	}
	t.skip = false
	if frameStart {
		if t.cur == nil && !t.paused {
			p.startLine(t)
		}
		p.showFrame(t, jobs, now)
	}
	p.playAudio(t)
}

// bargeIn plans the cut of a script line on air when a reply or cue line is
// ready to follow it; a script line on its turn after replies is cut by cues
// only. While paused nothing new would start, so nothing is cut.
func (p *Presenter) bargeIn(t *timeline) {
	cur := t.cur
	if cur.cut >= 0 || cur.l.urgent() || t.paused {
		return
	}
	if ready, cue := p.queue.urgentReady(); !ready || cur.whole && !cue {
		return
	}
	cur.planCut()
	p.log.Debug("barge-in", "utterance", cur.l.utt.ID,
		"cut_ms", (cur.cut-cur.pos)*1000/sampleRate, "fade", cur.fade >= 0)
}

// startLine puts the first ready line on air, reporting lines whose
// synthesis failed as skipped. After cfg.RepliesInARow replies it is the
// script's turn: its next line goes first and plays whole. The started
// Playout's DurationMS is exact only if every clause is synthesized; else
// it is an estimate.
func (p *Presenter) startLine(t *timeline) {
	for {
		turn := t.replies >= p.cfg.RepliesInARow
		l := p.queue.popReady(turn)
		if l == nil {
			return
		}
		pl := newPlaying(l)
		if len(pl.view.pcm) == 0 {
			p.warn.warn(p.log, "tts failed, line skipped",
				"utterance", l.utt.ID, "err", l.track.failure())
			p.publishPlayout(l.utt.ID, bus.PlayoutSkipped, 0)
			continue
		}
		switch l.priority() {
		case priorityReply:
			t.replies++
		case priorityScript:
			pl.whole, t.replies = turn, 0
		}
		t.cur = pl
		t.overlay.speak(l.utt)
		p.stats.lineStarted(l.utt.ID, l.track.firstLatency())
		p.publishPlayout(l.utt.ID, bus.PlayoutStarted,
			int(l.track.estimate(l.text.speakable()).Milliseconds()))
		return
	}
}

// endLine takes the line off air: finished if it played to its end, skipped
// if cut short. A skipped line's remaining clauses are not synthesized.
func (p *Presenter) endLine(t *timeline, now time.Time) {
	state := bus.PlayoutFinished
	if !t.cur.complete() {
		state = bus.PlayoutSkipped
		t.cur.l.track.cancel()
	}
	t.overlay.silent(now)
	p.stats.lineEnded()
	p.publishPlayout(t.cur.l.utt.ID, state, int(t.cur.length().Milliseconds()))
	t.cur = nil
}

// showFrame composes the scene of the video frame starting at this tick
// and hands it to the video worker, dropping it if the worker is still busy
// with the frames before it (videoBacklog of them).
func (p *Presenter) showFrame(t *timeline, jobs chan<- videoJob, now time.Time) {
	frame := t.tick / ticksPerFrame
	var mouth lipsync.Frame
	id, off := "", -1
	if cur := t.cur; cur != nil && !cur.stalled {
		id, off = cur.l.utt.ID, cur.pos
		if i := cur.pos / frameLen; i < len(cur.view.mouth) {
			mouth = cur.view.mouth[i]
		}
	}
	if p.trace != nil {
		p.trace.video(t.tick, id, off, mouth)
	}
	pose := mouth.Apply(t.motion.At(int(frame), t.cur != nil))
	job := videoJob{frame: frame, scene: t.overlay.scene(now, pose, t.paused && t.cur == nil)}
	select {
	case jobs <- job:
	default:
		p.stats.droppedFrame()
	}
}

// playAudio encodes and writes this tick's 20 ms of speech, or of silence
// so that the audio track keeps running between lines.
func (p *Presenter) playAudio(t *timeline) {
	pcm := t.buf
	clear(pcm)
	var speaking *playing
	id, off := "", -1
	if cur := t.cur; cur != nil && !cur.stalled {
		speaking, id, off = cur, cur.l.utt.ID, cur.pos
		cur.next(pcm)
	}
	if p.trace != nil {
		p.trace.audio(t.tick, id, off, pcm)
	}
	pkt, err := p.audio.Encode(pcm)
	if err != nil {
		p.warn.warn(p.log, "opus encode", "err", err)
		return
	}
	dropped := int64(0)
	if t.lastAudio >= 0 {
		dropped = t.tick - t.lastAudio - 1
	}
	err = p.cfg.Sink.WriteAudio(media.Sample{
		Data: pkt, Duration: audioTick, PrevDroppedPackets: uint16(min(dropped, 1<<16-1)),
	})
	if err != nil {
		p.warn.warn(p.log, "write audio", "err", err)
	}
	t.lastAudio = t.tick
	p.stats.audioFrame(speaking != nil, t.paused && t.cur == nil)
	if speaking != nil && !speaking.heard {
		speaking.heard = true
		if speaking.l.utt.Source == bus.SourceReply {
			p.stats.replyHeard(time.Since(speaking.l.received))
		}
	}
}
