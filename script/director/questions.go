package director

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// gatherFor is how long the first asker of a question waits for others asking
// the same before the answer may go out: long enough that a question typed by
// many at once gets one answer, short enough that nobody notices the wait.
const gatherFor = 300 * time.Millisecond

// askedState is where the answer to a question stands.
type askedState int

const (
	// askedQueued: the answer waits in the reply queue, which merges askers.
	askedQueued askedState = iota
	// askedPreparing: the LLM writes the answer; askers join its reply_to.
	askedPreparing
	// askedOnAir: the answer is published; askers until it ends heard it.
	askedOnAir
)

// asked is one question, by intent and product, that viewers are asking, from
// the first asker until its answer has been said. Askers who come meanwhile
// join the one answer instead of getting one each.
type asked struct {
	key   string // intent and product
	id    string // the answer's burst id in the reply queue
	state askedState
	// readyAt is when the answer may leave the queue; lastAt when the
	// latest asker came; onAirUntil when the published answer ends.
	readyAt, lastAt, onAirUntil time.Time
	// late are the events of askers who came while the answer was prepared.
	late []string
}

// isQuestion reports whether an intent asks about the product.
func isQuestion(intent string) bool {
	return strings.HasPrefix(intent, "question.")
}

// ask takes a question comment: it starts a new answer, or joins the answer to
// the same question about the same product that is queued, being prepared or
// on air. Ingest's merged Intent of a burst whose comments came one by one is
// dropped, as they were counted already.
func (d *Director) ask(in bus.Intent, now time.Time) {
	if in.Count > 1 && in.Burst != "" {
		if _, seen := d.askedBursts[in.Burst]; seen {
			return
		}
	} else if in.Burst != "" {
		d.askedBursts[in.Burst] = now
	}
	key := in.Intent + "\x00" + d.cfg.Planner.CurrentProduct().ID
	q := d.asked[key]
	if q != nil && q.state == askedOnAir && !now.Before(q.onAirUntil) {
		d.forgetAsked(q)
		q = nil
	}
	if q == nil {
		d.askedSeq++
		q = &asked{key: key, id: fmt.Sprintf("q-%d", d.askedSeq), readyAt: now.Add(gatherFor)}
		d.asked[key], d.askedIDs[q.id] = q, q
		d.gathered.Reset(gatherFor)
	}
	q.lastAt = now
	d.count(func(s *Stats) { s.Asked++ })
	switch q.state {
	case askedQueued:
		b := burst.FromIntent(in, now)
		b.ID = q.id
		d.replies.Add(b, now)
	case askedPreparing:
		if len(q.late) < burst.DefaultMaxEvents {
			q.late = append(q.late, burst.FromIntent(in, now).EventIDs...)
		}
	case askedOnAir:
		// They hear the answer being said; a second one would repeat it.
		d.count(func(s *Stats) { s.Joined++ })
	}
}

// gathering reports whether the most valuable waiting reply is a question
// still waiting for more askers, which the reply queue must not answer yet.
func (d *Director) gathering(now time.Time) bool {
	if len(d.askedIDs) == 0 {
		return false
	}
	top := d.replies.Snapshot(now, 1)
	if len(top) == 0 {
		return false
	}
	q := d.askedIDs[top[0].ID]
	return q != nil && q.state == askedQueued && now.Before(q.readyAt)
}

// answering notes that the burst b left the queue to be answered: its
// question, if it is one, now takes askers into the answer being prepared.
// It returns nil for a burst that is no question.
func (d *Director) answering(b burst.Burst) *asked {
	q := d.askedIDs[b.ID]
	if q != nil {
		q.state = askedPreparing
	}
	return q
}

// preparing notes that the LLM writes a question's answer under ticket.
func (d *Director) preparing(q *asked, ticket string) {
	d.askedTickets[ticket] = q
}

// onAir notes that a question's answer, est long, went out at now, and
// returns its reply_to with the askers who joined while it was prepared.
func (d *Director) onAir(q *asked, replyTo []string, est time.Duration,
	now time.Time) []string {
	q.state, q.onAirUntil = askedOnAir, now.Add(est+gatherFor)
	if len(q.late) == 0 {
		return replyTo
	}
	out := append(slices.Clip(replyTo), q.late...)
	d.count(func(s *Stats) { s.Joined += uint64(len(q.late)) })
	q.late = nil
	return out
}

// publishedAnswer is onAir for a personalized line published under ticket;
// a line that answers no question keeps its reply_to.
func (d *Director) publishedAnswer(ticket string, replyTo []string, est time.Duration,
	now time.Time) []string {
	q := d.askedTickets[ticket]
	if q == nil {
		return replyTo
	}
	delete(d.askedTickets, ticket)
	return d.onAir(q, replyTo, est, now)
}

// droppedAnswer forgets the question whose answer under ticket was canceled or
// failed, so the next asker starts a new answer.
func (d *Director) droppedAnswer(ticket string) {
	if q := d.askedTickets[ticket]; q != nil {
		delete(d.askedTickets, ticket)
		if q.state == askedPreparing {
			d.forgetAsked(q)
		}
	}
}

// pruneAsked forgets answers that ended and questions the reply queue let go
// unanswered, and the bursts they took comments of.
func (d *Director) pruneAsked(now time.Time) {
	for _, q := range d.asked {
		switch {
		case q.state == askedOnAir && !now.Before(q.onAirUntil),
			q.state == askedQueued && now.Sub(q.lastAt) > burst.DefaultMaxAge:
			d.forgetAsked(q)
		}
	}
	for id, at := range d.askedBursts {
		if now.Sub(at) > burst.DefaultMaxAge {
			delete(d.askedBursts, id)
		}
	}
}

func (d *Director) forgetAsked(q *asked) {
	if d.asked[q.key] == q {
		delete(d.asked, q.key)
	}
	delete(d.askedIDs, q.id)
}

// askers is how many viewers a burst stands for: for a question, the distinct
// askers, else the comments.
func askers(b burst.Burst) int {
	if isQuestion(b.Intent) && b.UserCount > 0 {
		return b.UserCount
	}
	return b.Count
}

// stoppedTimer is a timer that fires only once Reset.
func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}
