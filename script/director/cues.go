package director

import (
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// onCue hands a cue to the planner, publishes the line it produces, and acks.
// The voice acts on skip, pause and welfare itself; the director acks every cue
// so the console hears exactly one answer.
func (d *Director) onCue(c bus.Cue) {
	ack := bus.Ack{V: bus.SchemaVersion, Cue: c.ID, OK: true, By: "director"}
	line, err := d.cfg.Planner.Cue(c, d.cfg.Now())
	if err != nil {
		ack.OK, ack.Error = false, err.Error()
	} else if line != nil {
		if line.Source == "" {
			line.Source = bus.SourceCue
		}
		// A moderator's words are spoken as written, never rewritten.
		d.publish(*line, bus.ByTemplate, false)
		d.count(func(s *Stats) { s.Cues++ })
	}
	switch c.Type {
	case bus.CueSkip:
		d.cancelInflight()
	case bus.CueResume:
		d.refill()
		d.flushReplies(d.cfg.Now())
	}
	if err := bus.Publish(d.cfg.Conn, bus.AcksSubject(d.cfg.Room), ack); err != nil {
		d.log.Error("publish ack", "cue", c.ID, "err", err)
		return
	}
	d.count(func(s *Stats) { s.Acks++ })
}
