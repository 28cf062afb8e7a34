package director

import (
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/planner"
)

// stream is a line on the bus while the LLM still writes it: its Utterance
// went out with the first clause, later clauses follow as bus.Clause.
type stream struct {
	id    string
	lang  string
	next  int  // Index of the next Clause
	onAir bool // The voice reported it started
	text  strings.Builder
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
		s = &stream{id: u.ID, lang: line.Lang, next: 1}
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
	if s.onAir {
		// The voice's started Playout knew only the clauses it had then:
		// each later one lengthens the line on air.
		d.lastProgress = later(d.lastProgress, d.cfg.Now()).Add(
			planner.EstimateDuration(s.lang, p.clause, d.cfg.Show.Persona.Speed))
	}
}

// markOnAir notes that the streaming line id started, so the clauses still
// to come count as progress.
func (d *Director) markOnAir(id string) {
	for _, s := range d.streams {
		if s.id == id {
			s.onAir = true
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
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
