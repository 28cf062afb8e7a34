package avatar

import (
	"sync"
	"time"
)

// PresenterStats is a snapshot of a presenter's live loop.
type PresenterStats struct {
	// VideoFrames and AudioFrames count the samples written to the sink.
	VideoFrames, AudioFrames uint64
	// DroppedFrames counts video frames not sent: the encoder was still busy
	// with the frames before it, or the loop fell behind the clock.
	DroppedFrames uint64
	// FPS is the recent rate of video frames written, per second.
	FPS float64
	// EncodeTime is the recent time to render and encode one frame.
	EncodeTime time.Duration
	// TTSLatency is how long the first clause of the last line on air took
	// to synthesize: the least wait before a line can start.
	TTSLatency time.Duration
	// Queued is the number of lines waiting to be spoken.
	Queued int
	// Speaking reports whether a line is on air; Utterance is its ID.
	Speaking  bool
	Utterance string
	// ReplyLatency is, for the last reply to a viewer, the time from its
	// utterance arriving to its first audio packet written to the sink.
	ReplyLatency time.Duration
	// Replies counts the replies that went on air.
	Replies uint64
	// DeadAir is the stream time with no speech beyond a 1.5 s grace
	// between lines, not counting time paused by a cue.
	DeadAir time.Duration
	// DeadAirSpans counts the silences longer than 3 s.
	DeadAirSpans uint64
}

// ewmaWeight is the weight of the newest sample in the smoothed measures.
const ewmaWeight = 0.1

// stats collects PresenterStats from the live loop and the video worker.
type stats struct {
	// mu guards s, interval, lastFrame and deadAir.
	mu        sync.Mutex
	s         PresenterStats
	interval  float64 // smoothed seconds between written frames
	lastFrame time.Time
	deadAir   deadAirMeter
}

func (st *stats) snapshot() PresenterStats {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.s
	if st.interval > 0 {
		s.FPS = 1 / st.interval
	}
	return s
}

func (st *stats) videoFrame(took time.Duration, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.VideoFrames++
	st.s.EncodeTime = smooth(st.s.EncodeTime, took)
	if !st.lastFrame.IsZero() {
		gap := now.Sub(st.lastFrame).Seconds()
		if st.interval == 0 {
			st.interval = gap
		} else {
			st.interval += ewmaWeight * (gap - st.interval)
		}
	}
	st.lastFrame = now
}

// audioFrame counts a written audio packet and whether it carried speech.
func (st *stats) audioFrame(speaking, paused bool) {
	st.mu.Lock()
	st.s.AudioFrames++
	dead, long := st.deadAir.tick(speaking, paused)
	st.s.DeadAir += dead
	if long {
		st.s.DeadAirSpans++
	}
	st.mu.Unlock()
}

func (st *stats) replyHeard(latency time.Duration) {
	st.mu.Lock()
	st.s.ReplyLatency = latency
	st.s.Replies++
	st.mu.Unlock()
}

func (st *stats) droppedFrame() {
	st.mu.Lock()
	st.s.DroppedFrames++
	st.mu.Unlock()
}

// droppedTicks counts the video frames among audio ticks the loop skipped.
func (st *stats) droppedTicks(ticks int64) {
	st.mu.Lock()
	st.s.DroppedFrames += uint64(ticks / ticksPerFrame)
	st.mu.Unlock()
}

func (st *stats) lineStarted(id string, ttsLatency time.Duration) {
	st.mu.Lock()
	st.s.Speaking, st.s.Utterance, st.s.TTSLatency = true, id, ttsLatency
	st.mu.Unlock()
}

func (st *stats) lineEnded() {
	st.mu.Lock()
	st.s.Speaking, st.s.Utterance = false, ""
	st.mu.Unlock()
}

func smooth(avg, sample time.Duration) time.Duration {
	if avg == 0 {
		return sample
	}
	return avg + time.Duration(ewmaWeight*float64(sample-avg))
}
