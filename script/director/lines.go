package director

import (
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
)

// refill plans script lines until one is waiting ahead of the voice, so the
// voice can synthesize it while the current line plays: never dead air, never
// a long queue that makes replies wait.
func (d *Director) refill() {
	for len(d.pending) == 0 {
		line, ok := d.cfg.Planner.Next(d.cfg.Now())
		if !ok {
			return
		}
		line.Source = bus.SourceScript
		d.speak(d.ctx, line, personalize.Request{Kind: personalize.KindLine})
		d.count(func(s *Stats) { s.Script++ })
	}
}

func (d *Director) onPlayout(p bus.Playout) {
	d.lastProgress = d.cfg.Now()
	if p.State == bus.PlayoutStarted && p.DurationMS > 0 {
		// A line on air is progress until its end: a long answer spoken
		// between two script lines is not a stalled voice.
		d.lastProgress = d.lastProgress.Add(time.Duration(p.DurationMS) * time.Millisecond)
	}
	if p.State == bus.PlayoutStarted {
		d.markOnAir(p.Utterance)
	}
	switch p.State {
	case bus.PlayoutStarted, bus.PlayoutSkipped, bus.PlayoutFinished:
		delete(d.pending, p.Utterance)
		delete(d.replyWait, p.Utterance)
	}
	d.refill()
	d.flushReplies(d.cfg.Now())
}

// lostAfter is how long past its estimated end and the stall a script line
// the voice never started is waited for while the voice plays other lines:
// two replies said before it, with room to spare.
const lostAfter = 15 * time.Second

// onTick flushes merged replies and notices a voice that stopped reporting
// progress: then the pending lines are written off and planning goes on, so a
// stalled or restarted renderer is fed again when it comes back.
func (d *Director) onTick() {
	now := d.cfg.Now()
	d.pruneAsked(now)
	d.flushReplies(now)
	if len(d.pending) == 0 {
		d.refill()
		return
	}
	var latest time.Time
	for _, end := range d.pending {
		if end.After(latest) {
			latest = end
		}
	}
	// Lost lines (published while the bus was down, or to a voice that
	// restarted) are written off too, even while other lines play.
	lost := now.After(latest.Add(d.cfg.Stall + lostAfter))
	if lost || now.Sub(d.lastProgress) > d.cfg.Stall && now.After(latest.Add(d.cfg.Stall)) {
		d.log.Warn("no playout progress; planning on", "pending", len(d.pending))
		clear(d.pending)
		clear(d.replyWait)
		d.lastProgress = now
		d.count(func(s *Stats) { s.Stalls++ })
		d.refill()
	}
}

// publish turns a planned line into the next Utterance and publishes it.
// A streaming line's Text is its first clause; the rest follows as Clauses.
func (d *Director) publish(line planner.Line, by string, streaming bool) bus.Utterance {
	d.seq++
	u := bus.Utterance{
		V:              bus.SchemaVersion,
		ID:             fmt.Sprintf("u-%d", d.seq),
		Room:           d.cfg.Room,
		Seq:            d.seq,
		Text:           line.Text,
		Lang:           line.Lang,
		Scene:          line.Scene,
		Theme:          line.Theme,
		Product:        line.Product,
		Source:         line.Source,
		ReplyTo:        line.ReplyTo,
		PersonalizedBy: by,
		StartedAt:      d.cfg.Now().UTC(),
		DurationMS:     int(line.EstDuration / time.Millisecond),
		Streaming:      streaming,
	}
	if u.Source == "" {
		u.Source = bus.SourceScript
	}
	if p := d.cfg.Planner.CurrentProduct(); p != nil {
		u.ProductName, u.Price = p.Name, p.PriceText()
		if u.Product == "" && u.Scene == bus.SceneProduct {
			u.Product = p.ID
		}
	}
	if d.cfg.Checkpoint != nil {
		d.cfg.Checkpoint(u)
	}
	if err := bus.Publish(d.cfg.Conn, bus.UtterancesSubject(d.cfg.Room), u); err != nil {
		d.log.Error("publish utterance", "utterance", u.ID, "err", err)
	}
	return u
}

func (d *Director) count(f func(*Stats)) {
	d.mu.Lock()
	f(&d.stats)
	d.mu.Unlock()
}
