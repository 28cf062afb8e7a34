package bench

import (
	"sync"
	"time"
)

// steady measures the CPU time spent and the video frames sent once the
// rooms are warm: the shared host's sprites painted and the first lines
// synthesized, one-off costs a long show does not pay again.
type steady struct {
	rooms []*room
	timer *time.Timer
	// mu guards cpu, frames and marked.
	mu     sync.Mutex
	cpu    time.Duration
	frames uint64
	marked bool
}

// startSteady marks the CPU time and frames sent after warm.
func startSteady(rooms []*room, warm time.Duration) *steady {
	s := &steady{rooms: rooms}
	s.timer = time.AfterFunc(warm, s.mark)
	return s
}

func (s *steady) mark() {
	cpu, frames := cpuTime(), framesSent(s.rooms)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cpu, s.frames, s.marked = cpu, frames, true
}

// stop returns the CPU time and frames since the mark, or since the start
// when the run ended before it.
func (s *steady) stop(startCPU time.Duration) (time.Duration, uint64) {
	s.timer.Stop()
	cpu, frames := cpuTime(), framesSent(s.rooms)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.marked {
		return cpu - startCPU, frames
	}
	return cpu - s.cpu, frames - s.frames
}

// framesSent is the video frames all rooms have written so far.
func framesSent(rooms []*room) uint64 {
	var n uint64
	for _, r := range rooms {
		n += r.p.Stats().VideoFrames
	}
	return n
}
