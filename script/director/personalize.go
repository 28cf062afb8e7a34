package director

import (
	"context"
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
)

// recentChatSize is how many recent comments ride along as context.
const recentChatSize = 8

// personalized is news of a personalization in flight, back on the Run
// goroutine: one guarded clause of a streaming reply, or, with done set,
// the end of the request.
type personalized struct {
	ticket string
	line   planner.Line
	clause string
	done   bool
	res    personalize.Result
	err    error
}

// speak sends a planned line out: at once with the template filler, or through
// the LLM on a goroutine whose clauses and result come back to the Run loop. A
// script line in flight holds a place in pending under its ticket, so refill
// does not plan another line while the LLM writes this one. It returns the
// ticket of the personalization, or "" when the line went out at once.
func (d *Director) speak(ctx context.Context, line planner.Line,
	req personalize.Request) string {
	if d.llm == nil {
		u := d.publish(line, bus.ByTemplate, false)
		if line.Source == bus.SourceScript || line.Source == "" {
			d.pending[u.ID] = d.cfg.Now().Add(line.EstDuration)
		}
		d.awaitReply(line, "", u.ID)
		return ""
	}
	d.tickets++
	ticket := fmt.Sprintf("p-%d", d.tickets)
	if line.Source == bus.SourceScript || line.Source == "" {
		d.pending[ticket] = d.cfg.Now().Add(line.EstDuration + d.cfg.LLMBudget)
	}
	d.awaitReply(line, "", ticket)
	rctx, cancel := context.WithTimeout(ctx, d.cfg.LLMBudget)
	d.inflight[ticket] = cancel
	req.Line, req.Product = line, d.cfg.Planner.CurrentProduct()
	req.Persona, req.RecentChat = d.cfg.Show.Persona, append([]string(nil), d.recentChat...)
	send := func(p personalized) {
		p.ticket, p.line = ticket, line
		select {
		case d.done <- p:
		case <-ctx.Done():
		}
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer cancel()
		var res personalize.Result
		var err error
		if s, ok := d.llm.(personalize.ClauseStreamer); ok {
			res, err = s.StreamClauses(rctx, req, line.Text, func(c string) {
				send(personalized{clause: c})
			})
		} else {
			res, err = d.llm.Personalize(rctx, req, line.Text)
		}
		send(personalized{done: true, res: res, err: err})
	}()
	return ticket
}

// onPersonalized publishes what the LLM (or its fallback) wrote: a streaming
// line clause by clause, any other line whole once it is done.
func (d *Director) onPersonalized(p personalized) {
	if _, live := d.inflight[p.ticket]; !live {
		// Canceled by a skip: what was still on its way is dropped.
		d.dropTicket(p)
		return
	}
	if !p.done {
		d.onClause(p)
		return
	}
	delete(d.inflight, p.ticket)
	if p.res.Fallback != "" && p.res.Fallback != personalize.FallbackDisabled {
		d.log.Warn("personalization fell back", "reason", p.res.Fallback, "by", p.res.By)
	}
	if s, ok := d.streams[p.ticket]; ok {
		delete(d.streams, p.ticket)
		d.endStream(s)
		d.refill()
		return
	}
	_, script := d.pending[p.ticket]
	delete(d.pending, p.ticket)
	if p.err != nil {
		delete(d.replyWait, p.ticket)
		d.droppedAnswer(p.ticket)
		d.refill()
		return
	}
	line := p.line
	line.Text = p.res.Text
	line.ReplyTo = d.publishedAnswer(p.ticket, line.ReplyTo, line.EstDuration, d.cfg.Now())
	by := p.res.By
	if by == "" {
		by = bus.ByTemplate
	}
	u := d.publish(line, by, false)
	if script {
		d.pending[u.ID] = d.cfg.Now().Add(line.EstDuration)
	}
	d.awaitReply(line, p.ticket, u.ID)
	d.refill()
}

// awaitReply notes a reply handed to the voice under key, an LLM ticket or
// an Utterance id, in place of the ticket it was written under (if any).
// Other lines are not noted.
func (d *Director) awaitReply(line planner.Line, ticket, key string) {
	if ticket != "" {
		if _, ok := d.replyWait[ticket]; !ok {
			return
		}
		delete(d.replyWait, ticket)
	}
	if line.Source != bus.SourceReply {
		return
	}
	if _, published := d.sentAt[key]; published {
		d.replyWait[key] = time.Time{}
	} else {
		d.replyWait[key] = d.cfg.Now().Add(replyWriteOff)
	}
}

// dropTicket forgets a canceled personalization once it has ended.
func (d *Director) dropTicket(p personalized) {
	if !p.done {
		return
	}
	d.droppedAnswer(p.ticket)
	delete(d.pending, p.ticket)
	delete(d.replyWait, p.ticket)
	d.refill()
}

// cancelInflight stops every LLM request in flight and ends every streaming
// line on the bus (a skip): their clauses still on the way are dropped.
func (d *Director) cancelInflight() {
	for ticket, cancel := range d.inflight {
		cancel()
		delete(d.inflight, ticket)
	}
	for ticket, s := range d.streams {
		delete(d.streams, ticket)
		d.endStream(s)
	}
}

func (d *Director) noteChat(text string) {
	if text == "" {
		return
	}
	d.recentChat = append(d.recentChat, text)
	if len(d.recentChat) > recentChatSize {
		d.recentChat = d.recentChat[len(d.recentChat)-recentChatSize:]
	}
}

// waitInflight waits for personalization goroutines after Run's context ends.
func (d *Director) waitInflight() {
	d.cancelInflight()
	d.wg.Wait()
}
