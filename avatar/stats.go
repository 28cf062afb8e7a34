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
	// with the previous one, or the loop fell behind the clock.
	DroppedFrames uint64
	// FPS is the recent rate of video frames written, per second.
	FPS float64
	// EncodeTime is the recent time to render and encode one frame.
	EncodeTime time.Duration
	// TTSLatency is how long the last line on air took to synthesize.
	TTSLatency time.Duration
	// Queued is the number of lines waiting to be spoken.
	Queued int
	// Speaking reports whether a line is on air; Utterance is its ID.
	Speaking  bool
	Utterance string
}

// ewmaWeight is the weight of the newest sample in the smoothed measures.
const ewmaWeight = 0.1

// stats collects PresenterStats from the live loop and the video worker.
type stats struct {
	// mu guards s and lastFrame.
	mu        sync.Mutex
	s         PresenterStats
	interval  float64 // smoothed seconds between written frames
	lastFrame time.Time
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

func (st *stats) audioFrame() {
	st.mu.Lock()
	st.s.AudioFrames++
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
