package avatar

import "time"

// Barge-in: how a reply or cue line cuts the script line on air.
const (
	// maxBargeIn is the farthest a natural pause may lie ahead for the cut
	// to wait for it, 400 ms; beyond it the line fades out at once.
	maxBargeIn = sampleRate * 400 / 1000
	// fadeSamples is the length of that fade-out, 30 ms; the rest of its
	// video frame is silent.
	fadeSamples = sampleRate * 30 / 1000
)

// playing is the line on air and how far it has played.
type playing struct {
	l *line
	// pos is the next sample of the line to play. At the start of every
	// video frame it is a whole number of frames into the line.
	pos int
	// view is what of the line was synthesized, as of the current frame.
	view trackView
	// stalled means the next clause is not synthesized yet: the frame plays
	// silence and the line waits. It is decided once per video frame.
	stalled bool
	// cut is the sample the line is cut at for an urgent line, or -1; fade
	// is where the fade-out before it begins, or -1 when the cut is at a pause.
	cut, fade int
	// heard is set once the line's first audio packet was written.
	heard bool
	// whole is set on a script line that goes on air on its turn after
	// replies: replies wait for its end, only cues cut it.
	whole bool
}

func newPlaying(l *line) *playing {
	return &playing{l: l, view: l.track.view(), cut: -1, fade: -1}
}

// refresh takes in the clauses synthesized since the last frame.
func (pl *playing) refresh() {
	pl.view = pl.l.track.view()
	pl.stalled = pl.pos >= len(pl.view.pcm) && !pl.view.done
}

// over reports whether the line has nothing more to play.
func (pl *playing) over() bool {
	return (pl.pos >= len(pl.view.pcm) && pl.view.done) || (pl.cut >= 0 && pl.pos >= pl.cut)
}

// complete reports whether the line played to its end.
func (pl *playing) complete() bool {
	return pl.pos >= len(pl.view.pcm) && pl.view.done
}

// planCut schedules the line's end for an urgent line: at the next natural
// pause within maxBargeIn, else after a fade-out over the current frame.
func (pl *playing) planCut() {
	if c, ok := pl.view.pauseWithin(pl.pos, maxBargeIn); ok {
		pl.cut = c
		return
	}
	pl.cut, pl.fade = pl.pos+frameLen, pl.pos
}

// next fills pcm with the line's next packet of audio and advances it.
func (pl *playing) next(pcm []int16) {
	if pl.pos < len(pl.view.pcm) {
		copy(pcm, pl.view.pcm[pl.pos:])
	}
	if pl.fade >= 0 {
		for i := range pcm {
			done := pl.pos + i - pl.fade
			if done >= fadeSamples {
				pcm[i] = 0
				continue
			}
			pcm[i] = int16(int(pcm[i]) * (fadeSamples - done) / fadeSamples)
		}
	}
	pl.pos += len(pcm)
}

// length is the duration of the line's speech synthesized so far.
func (pl *playing) length() time.Duration {
	return time.Duration(len(pl.view.pcm)) * time.Second / sampleRate
}
