package director

import (
	"strings"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// stream is a line on the bus while the LLM still writes it: its Utterance
// went out with the first clause, later clauses follow as bus.Clause.
type stream struct {
	id   string
	next int // Index of the next Clause
	text strings.Builder
}

// onClause publishes one guarded clause: the first as the line's Utterance,
// marked streaming, the rest as Clauses of it.
func (d *Director) onClause(p personalized) {
	s, ok := d.streams[p.ticket]
	if !ok {
		line := p.line
		line.Text = p.clause
		line.ReplyTo = d.publishedAnswer(p.ticket, line.ReplyTo, line.EstDuration,
			d.cfg.Now())
		u := d.publish(line, bus.ByLLM, true)
		s = &stream{id: u.ID, next: 1}
		s.text.WriteString(p.clause)
		d.streams[p.ticket] = s
		if _, script := d.pending[p.ticket]; script {
			delete(d.pending, p.ticket)
			d.pending[u.ID] = d.cfg.Now().Add(line.EstDuration)
		}
		d.awaitReply(line, p.ticket, u.ID)
		return
	}
	s.text.WriteString(p.clause)
	d.publishClause(s, p.clause, false)
}

// endStream publishes the Final Clause of a streaming line, after which the
// voice ends the line when it has spoken what it got.
func (d *Director) endStream(s *stream) {
	d.publishClause(s, "", true)
}

func (d *Director) publishClause(s *stream, text string, final bool) {
	c := bus.Clause{V: bus.SchemaVersion, Room: d.cfg.Room, Utterance: s.id,
		Index: s.next, Text: text, Final: final}
	if final {
		c.TextFinal = s.text.String()
	}
	s.next++
	if err := bus.Publish(d.cfg.Conn, bus.ClausesSubject(d.cfg.Room), c); err != nil {
		d.log.Error("publish clause", "utterance", s.id, "err", err)
	}
}
