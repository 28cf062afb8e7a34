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
	now := d.cfg.Now()
	d.lastProgress = now
	if p.State == bus.PlayoutStarted {
		// A line on air is progress until its end: a long answer spoken
		// between two script lines is not a stalled voice.
		d.lastProgress = d.lastProgress.Add(time.Duration(max(p.DurationMS, 0)) * time.Millisecond)
		d.markOnAir(p.Utterance)
	}
	switch p.State {
	case bus.PlayoutStarted, bus.PlayoutSkipped, bus.PlayoutFinished:
		delete(d.pending, p.Utterance)
		delete(d.replyWait, p.Utterance)
		delete(d.sentAt, p.Utterance)
	}
	d.voiceQueued = p.Queued
	if p.Queued == 0 {
		d.writeOffUnheard(now)
	}
	d.refill()
	d.flushReplies(now)
}

// heardWithin is how long a published line may take to reach the voice.
const heardWithin = 2 * time.Second

// writeOffUnheard forgets the lines the voice never got: published more than
// heardWithin ago, not started, while the voice says nothing waits in it
// (published while the bus was down, say, or to a voice that restarted).
// A line waiting behind others is never written off: the voice reports
// each line it starts, and the director plans no more until it does.
func (d *Director) writeOffUnheard(now time.Time) {
	lost := 0
	for id, sent := range d.sentAt {
		if now.Sub(sent) <= heardWithin {
			continue
		}
		delete(d.sentAt, id)
		if _, ok := d.pending[id]; ok {
			delete(d.pending, id)
			lost++
		}
		if _, ok := d.replyWait[id]; ok {
			delete(d.replyWait, id)
			lost++
		}
	}
	if lost > 0 {
		d.log.Warn("lines never reached the voice; planning on", "lost", lost)
		d.count(func(s *Stats) { s.Lost += uint64(lost) })
	}
}

// busyStall is how much longer than the stall the director waits on a
// voice that said lines wait in it: it reports the next as it starts, so
// only a voice that stopped stays silent that long past a line's end.
const busyStall = 8 * time.Second

// onTick flushes merged replies and notices a voice that stopped reporting
// progress: then the pending lines are written off and planning goes on, so a
// stalled or restarted renderer is fed again when it comes back.
func (d *Director) onTick() {
	now := d.cfg.Now()
	d.pruneAsked(now)
	if d.cfg.Planner.Paused() {
		d.lastProgress = now // A paused voice is silent by request, not stalled
		return
	}
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
	allow := d.cfg.Stall
	if d.voiceQueued > 0 {
		allow += busyStall
	}
	if now.Sub(d.lastProgress) > allow && now.After(latest.Add(d.cfg.Stall)) {
		d.log.Warn("no playout progress; planning on", "pending", len(d.pending))
		clear(d.pending)
		clear(d.replyWait)
		clear(d.sentAt)
		d.voiceQueued = 0
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
	if u.Source == bus.SourceScript || u.Source == bus.SourceReply {
		d.sentAt[u.ID] = d.cfg.Now()
	}
	return u
}

func (d *Director) count(f func(*Stats)) {
	d.mu.Lock()
	f(&d.stats)
	d.mu.Unlock()
}
