package avatar

import (
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// DefaultClauseTimeout is how long a streaming line waits for its next
// Clause before the voice ends it with what it has.
const DefaultClauseTimeout = 8 * time.Second

// feed is a line's text as it reaches the presenter: whole at once for most
// lines, clause by clause for a streaming one, whose later clauses come as
// bus.Clause messages until the Final one.
type feed struct {
	// mu guards every field below.
	mu      sync.Mutex
	clauses []string
	runes   int  // speakable runes of the clauses so far
	next    int  // Index of the next bus.Clause expected
	open    bool // more clauses may come
	// wake tells the line's synthesizer that a clause came or the feed closed.
	wake chan struct{}
}

func newFeed(u bus.Utterance) *feed {
	return &feed{clauses: splitClauses(u.Text), runes: speakable(u.Text), next: 1,
		open: u.Streaming, wake: make(chan struct{}, 1)}
}

// add appends a Clause of a streaming line. Clauses of an earlier index
// (repeats) are ignored; it reports whether c was taken.
func (f *feed) add(c bus.Clause) bool {
	f.mu.Lock()
	if !f.open || c.Index < f.next {
		f.mu.Unlock()
		return false
	}
	f.next = c.Index + 1
	f.clauses = append(f.clauses, splitClauses(c.Text)...)
	f.runes += speakable(c.Text)
	if c.Final {
		f.open = false
	}
	f.mu.Unlock()
	signal(f.wake)
	return true
}

// close ends the feed: no more clauses will be taken.
func (f *feed) close() {
	f.mu.Lock()
	f.open = false
	f.mu.Unlock()
	signal(f.wake)
}

// clause returns clause i; ok is false when it has not come yet, and open
// whether it still may.
func (f *feed) clause(i int) (text string, ok, open bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i < len(f.clauses) {
		return f.clauses[i], true, f.open
	}
	return "", false, f.open
}

// speakable counts the speakable runes of the text so far.
func (f *feed) speakable() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runes
}
