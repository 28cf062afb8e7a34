package avatar

import (
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// maxQueued bounds the utterances waiting to be spoken.
const maxQueued = 64

// lookahead is how many script lines are synthesized before their turn, so
// that the next script line is ready when the current ends, or when it gets
// its turn between replies. Replies and cue lines are synthesized as soon as
// they arrive.
const lookahead = 2

// synthState is where a queued line is in synthesis.
type synthState uint8

const (
	synthWaiting synthState = iota
	synthClaimed
)

// Line priorities, most urgent first.
const (
	priorityCue = iota
	priorityReply
	priorityScript
)

// line is one utterance on its way to being spoken.
type line struct {
	utt      bus.Utterance
	received time.Time // when the utterance arrived
	text     *feed     // the text as it is synthesized, clause by clause
	track    track
	state    synthState // guarded by lineQueue.mu
}

func newLine(u bus.Utterance, received time.Time) *line {
	return &line{utt: u, received: received, text: newFeed(u)}
}

// priority orders lines: moderator cues, then replies to viewers, then the script.
func (l *line) priority() int {
	switch l.utt.Source {
	case bus.SourceCue:
		return priorityCue
	case bus.SourceReply:
		return priorityReply
	}
	return priorityScript
}

// urgent reports whether the line answers someone now: a reply or a cue.
// Urgent lines are synthesized on arrival and cut a script line on air.
func (l *line) urgent() bool { return l.priority() < priorityScript }

// lineQueue holds the lines waiting to be spoken, most urgent first and in
// arrival order within a priority.
type lineQueue struct {
	// mu guards lines and every line's state.
	mu    sync.Mutex
	lines []*line
	// wakeScript and wakeUrgent tell the synthesizers that the queue changed.
	wakeScript, wakeUrgent chan struct{}
}

func newLineQueue() *lineQueue {
	return &lineQueue{wakeScript: make(chan struct{}, 1), wakeUrgent: make(chan struct{}, 1)}
}

// push queues a line behind every line of the same or higher priority.
func (q *lineQueue) push(l *line) error {
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
	signal(q.wakeScript)
	signal(q.wakeUrgent)
	return nil
}

// popReady removes and returns the head line once it can go on air: its
// first clause is synthesized, or its synthesis is over. On the script's
// turn, the first script line goes before the replies when it is ready;
// cue lines still go first.
func (q *lineQueue) popReady(scriptTurn bool) *line {
	q.mu.Lock()
	i := 0
	if scriptTurn && len(q.lines) > 0 && q.lines[0].priority() == priorityReply {
		for j, l := range q.lines {
			if l.priority() == priorityScript {
				if l.ready() {
					i = j
				}
				break
			}
		}
	}
	if len(q.lines) == 0 || !q.lines[i].ready() {
		q.mu.Unlock()
		return nil
	}
	l := q.lines[i]
	q.lines = append(q.lines[:i], q.lines[i+1:]...)
	q.mu.Unlock()
	signal(q.wakeScript)
	return l
}

// ready reports whether the line can go on air. The queue's mutex must be held.
func (l *line) ready() bool {
	return l.state == synthClaimed && l.track.ready()
}

// popClaimed removes and returns the head line if its synthesis has begun.
func (q *lineQueue) popClaimed() *line {
	q.mu.Lock()
	if len(q.lines) == 0 || q.lines[0].state != synthClaimed {
		q.mu.Unlock()
		return nil
	}
	l := q.lines[0]
	q.lines = q.lines[1:]
	q.mu.Unlock()
	signal(q.wakeScript)
	return l
}

// claim marks a line awaiting synthesis as claimed and returns it, or nil
// when there is nothing to do. Urgent claims take any reply or cue line;
// script claims take script lines within the lookahead.
func (q *lineQueue) claim(urgent bool) *line {
	q.mu.Lock()
	defer q.mu.Unlock()
	scripts := 0
	for _, l := range q.lines {
		if l.urgent() != urgent {
			continue
		}
		if !urgent {
			if scripts == lookahead {
				break
			}
			scripts++
		}
		if l.state == synthWaiting {
			l.state = synthClaimed
			return l
		}
	}
	return nil
}

// urgentReady reports whether a reply or cue line waits with its first
// clause synthesized, and whether that line is a cue's. Until then the line
// on air plays on: cutting it earlier would trade speech for silence, or for
// nothing if synthesis fails.
func (q *lineQueue) urgentReady() (ready, cue bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.lines) == 0 || !q.lines[0].urgent() || q.lines[0].state != synthClaimed {
		return false, false
	}
	return q.lines[0].track.hasSpeech(), q.lines[0].priority() == priorityCue
}

// len is the number of lines waiting.
func (q *lineQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lines)
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
