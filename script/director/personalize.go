package director

import (
	"context"
	"fmt"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
)

// recentChatSize is how many recent comments ride along as context.
const recentChatSize = 8

// personalized is a finished personalization, back on the Run goroutine.
type personalized struct {
	ticket string
	line   planner.Line
	res    personalize.Result
	err    error
}

// speak sends a planned line out: at once with the template filler, or through
// the LLM on a goroutine whose result comes back to the Run loop. A script line
// in flight holds a place in pending under its ticket, so refill does not plan
// another line while the LLM writes this one.
func (d *Director) speak(ctx context.Context, line planner.Line, req personalize.Request) {
	if d.llm == nil {
		d.publish(line, bus.ByTemplate)
		if line.Source == bus.SourceScript || line.Source == "" {
			d.pending[d.lastID] = d.cfg.Now().Add(line.EstDuration)
		}
		return
	}
	d.tickets++
	ticket := fmt.Sprintf("p-%d", d.tickets)
	if line.Source == bus.SourceScript || line.Source == "" {
		d.pending[ticket] = d.cfg.Now().Add(line.EstDuration + d.cfg.LLMBudget)
	}
	rctx, cancel := context.WithTimeout(ctx, d.cfg.LLMBudget)
	d.inflight[ticket] = cancel
	req.Line, req.Product = line, d.cfg.Planner.CurrentProduct()
	req.Persona, req.RecentChat = d.cfg.Show.Persona, append([]string(nil), d.recentChat...)
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer cancel()
		res, err := d.llm.Personalize(rctx, req, line.Text)
		select {
		case d.done <- personalized{ticket: ticket, line: line, res: res, err: err}:
		case <-ctx.Done():
		}
	}()
}

// onPersonalized publishes what the LLM (or its fallback) wrote.
func (d *Director) onPersonalized(p personalized) {
	delete(d.inflight, p.ticket)
	_, script := d.pending[p.ticket]
	delete(d.pending, p.ticket)
	if p.err != nil {
		// Canceled by a skip: the line is dropped and the script moves on.
		d.refill()
		return
	}
	line := p.line
	line.Text = p.res.Text
	by := p.res.By
	if by == "" {
		by = bus.ByTemplate
	}
	if p.res.Fallback != "" && p.res.Fallback != personalize.FallbackDisabled {
		d.log.Warn("personalization fell back to the template", "reason", p.res.Fallback)
	}
	d.publish(line, by)
	if script {
		d.pending[d.lastID] = d.cfg.Now().Add(line.EstDuration)
	}
	d.refill()
}

// cancelInflight stops every LLM request in flight (a skip cue).
func (d *Director) cancelInflight() {
	for _, cancel := range d.inflight {
		cancel()
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
