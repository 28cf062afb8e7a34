package avatar

import (
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// maxQueued bounds the utterances waiting to be spoken.
const maxQueued = 64

// lookahead is how many lines at the head of the queue are synthesized
// before their turn, so that the next line is ready when the current ends.
const lookahead = 2

// synthState is where a queued line is in synthesis.
type synthState uint8

const (
	synthWaiting synthState = iota
	synthRunning
	synthDone
)

// line is one utterance on its way to being spoken.
type line struct {
	utt       bus.Utterance
	synthesis            // valid once state is synthDone
	state     synthState // guarded by lineQueue.mu
}

// synthesis is a line's speech and mouth track, or why there are none.
type synthesis struct {
	speech  tts.Speech
	mouth   []lipsync.Frame
	err     error
	latency time.Duration // how long synthesis took
}

// priority orders lines: moderator cues, then replies to viewers, then the script.
func (l *line) priority() int {
	switch l.utt.Source {
	case bus.SourceCue:
		return 0
	case bus.SourceReply:
		return 1
	}
	return 2
}

// lineQueue holds the lines waiting to be spoken, most urgent first and in
// arrival order within a priority.
type lineQueue struct {
	// mu guards lines and every line's state.
	mu    sync.Mutex
	lines []*line
	// wake tells the synthesizer that the head of the queue changed.
	wake chan struct{}
}

func newLineQueue() *lineQueue {
	return &lineQueue{wake: make(chan struct{}, 1)}
}

// push queues an utterance behind every line of the same or higher priority.
func (q *lineQueue) push(u bus.Utterance) error {
	l := &line{utt: u}
	q.mu.Lock()
	if len(q.lines) >= maxQueued {
		q.mu.Unlock()
		return ErrQueueFull
	}
	i := len(q.lines)
	for i > 0 && q.lines[i-1].priority() > l.priority() {
		i--
	}
	q.lines = append(q.lines, nil)
	copy(q.lines[i+1:], q.lines[i:])
	q.lines[i] = l
	q.mu.Unlock()
	q.signal()
	return nil
}

// popReady removes and returns the head line if its synthesis is done.
func (q *lineQueue) popReady() *line {
	q.mu.Lock()
	if len(q.lines) == 0 || q.lines[0].state != synthDone {
		q.mu.Unlock()
		return nil
	}
	l := q.lines[0]
	q.lines = q.lines[1:]
	q.mu.Unlock()
	q.signal()
	return l
}

// claim marks the first line within the lookahead that awaits synthesis as
// running and returns it, or nil when there is nothing to do.
func (q *lineQueue) claim() *line {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, l := range q.lines[:min(lookahead, len(q.lines))] {
		if l.state == synthWaiting {
			l.state = synthRunning
			return l
		}
	}
	return nil
}

// finish records a claimed line's synthesis result.
func (q *lineQueue) finish(l *line, result synthesis) {
	q.mu.Lock()
	l.synthesis = result
	l.state = synthDone
	q.mu.Unlock()
}

// len is the number of lines waiting.
func (q *lineQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lines)
}

func (q *lineQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
