package avatar

import (
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/avatar/lipsync"
)

// frameLen is the number of samples in one video frame's worth of audio.
// Clauses are padded to a whole number of frames, so every clause, pause and
// cut starts on a video frame and the mouth track stays in step.
const frameLen = ticksPerFrame * frameSamples

// track is a line's speech as it is synthesized, clause by clause: the
// synthesizer appends clauses while the live loop plays what is there.
// Appends never touch samples already handed out, so the slices a view
// returns stay valid and unchanging.
type track struct {
	// mu guards every field below. Lock order: lineQueue.mu, then track.mu.
	mu     sync.Mutex
	pcm    []int16
	mouth  []lipsync.Frame
	pauses []int // samples where the speech may be cut at a natural pause, ascending
	runes  int   // speakable runes of the clauses synthesized so far
	// latency is how long the first clause took to synthesize.
	latency   time.Duration
	done      bool  // no more clauses will come
	err       error // why the line has no speech at all; set only when pcm is empty
	cancelled bool  // the line left the air; synthesizing the rest is wasted
	// stop cancels the line's synthesis in flight; nil until it began.
	stop func()
}

// trackView is what of a track the live loop may play at one moment.
type trackView struct {
	pcm    []int16
	mouth  []lipsync.Frame
	pauses []int
	done   bool
}

// add appends one synthesized clause with runes speakable runes. took is
// the time since the line's synthesis began.
func (t *track) add(pcm []int16, runes int, took time.Duration) {
	padded := padToFrames(pcm)
	mouth := lipsync.Analyze(padded, sampleRate, videoFPS)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pcm) == 0 {
		t.latency = took
	}
	base := len(t.pcm)
	for _, p := range findPauses(padded) {
		t.pauses = append(t.pauses, base+p)
	}
	t.pauses = append(t.pauses, base+len(padded))
	t.pcm = append(t.pcm, padded...)
	t.mouth = append(t.mouth, mouth...)
	t.runes += runes
}

// finish marks the track complete. err, when the track has no speech, is
// why, and the line is skipped.
func (t *track) finish(err error) {
	t.mu.Lock()
	t.done = true
	if len(t.pcm) == 0 {
		t.err = err
	}
	t.mu.Unlock()
}

// ready reports whether the line can go on air, or be reported as failed.
func (t *track) ready() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done || len(t.pcm) > 0
}

// hasSpeech reports whether a clause has been synthesized.
func (t *track) hasSpeech() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pcm) > 0
}

// failure is why a finished track has no speech, or nil.
func (t *track) failure() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

func (t *track) view() trackView {
	t.mu.Lock()
	defer t.mu.Unlock()
	return trackView{pcm: t.pcm, mouth: t.mouth, pauses: t.pauses, done: t.done}
}

// cancel marks the line off air and stops its synthesis in flight.
func (t *track) cancel() {
	t.mu.Lock()
	t.cancelled = true
	stop := t.stop
	t.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// onCancel sets what cancel calls to stop the synthesis, calling it at
// once if the line is already off air.
func (t *track) onCancel(stop func()) {
	t.mu.Lock()
	t.stop = stop
	cancelled := t.cancelled
	t.mu.Unlock()
	if cancelled {
		stop()
	}
}

// firstLatency is how long the first clause took to synthesize.
func (t *track) firstLatency() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.latency
}

// estimate is the line's expected length: exact once synthesis is done, else
// the speech so far scaled by the share of the text it covers.
func (t *track) estimate(totalRunes int) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := time.Duration(len(t.pcm)) * time.Second / sampleRate
	if t.done || t.runes == 0 || totalRunes <= t.runes {
		return d
	}
	return d * time.Duration(totalRunes) / time.Duration(t.runes)
}

// pauseWithin is the first natural pause at or after pos and at most limit
// samples away.
func (v trackView) pauseWithin(pos, limit int) (int, bool) {
	for _, p := range v.pauses {
		if p >= pos {
			return p, p-pos <= limit
		}
	}
	return 0, false
}

// padToFrames returns pcm followed by silence up to a whole number of video frames.
func padToFrames(pcm []int16) []int16 {
	padded := make([]int16, (len(pcm)+frameLen-1)/frameLen*frameLen)
	copy(padded, pcm)
	return padded
}
