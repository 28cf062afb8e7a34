package avatar

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// cueBuffer is how many cues may wait for the live loop to act on them.
const cueBuffer = 32

// lineBuffer is how many Utterances and Clauses may wait to be queued.
const lineBuffer = 256

// videoBacklog is how many frames may wait for the video worker. A frame
// held up by a burst of work elsewhere (speech synthesis, other rooms'
// frames) is sent up to this many frames late, with its own timestamp,
// rather than dropped; a worker that stays behind drops frames all the same.
const videoBacklog = 3

// Run subscribes to the room's utterances and cues and plays the room in
// real time until ctx is done or Close is called; then it returns nil.
// A presenter runs once: after Run returns it is closed.
func (p *Presenter) Run(ctx context.Context) error {
	ctx, done, err := p.begin(ctx)
	if err != nil {
		return err
	}
	defer close(done)
	defer p.releaseEncoders()

	cues := make(chan bus.Cue, cueBuffer)
	lines := make(chan *nats.Msg, lineBuffer)
	subs, err := p.subscribe(lines, cues)
	if err != nil {
		return err
	}
	if err := p.cfg.Conn.Flush(); err != nil {
		p.log.Warn("flush subscriptions", "err", err)
	}
	close(p.ready)
	jobs := make(chan videoJob, videoBacklog)
	var wg sync.WaitGroup
	wg.Go(func() { p.synthesize(ctx, false) })
	wg.Go(func() { p.synthesize(ctx, true) })
	wg.Go(func() { p.encodeVideo(jobs) })
	wg.Go(func() { p.receiveLines(ctx, lines) })
	p.log.Info("presenter started", "tts", p.cfg.TTS.Name(),
		"width", p.video.Config().Width, "height", p.video.Config().Height)

	p.loop(ctx, cues, jobs)

	// Shutdown, in order: stop taking messages, let the video worker drain
	// its last frame, stop synthesis (ctx is done), then free the encoders.
	for _, s := range subs {
		if err := s.Unsubscribe(); err != nil && !strings.Contains(err.Error(), "closed") {
			p.log.Warn("unsubscribe", "subject", s.Subject, "err", err)
		}
	}
	close(jobs)
	wg.Wait()
	st := p.Stats()
	p.log.Info("presenter stopped",
		"video_frames", st.VideoFrames, "dropped_frames", st.DroppedFrames)
	return nil
}

// begin marks the presenter running and derives the context Close cancels.
func (p *Presenter) begin(ctx context.Context) (context.Context, chan struct{}, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, nil, ErrClosed
	}
	if p.cancel != nil {
		return nil, nil, ErrRunning
	}
	ctx, p.cancel = context.WithCancel(ctx)
	p.done = make(chan struct{})
	return ctx, p.done, nil
}

// subscribe listens to the room's utterances and clauses (onto lines, one
// channel so that a Clause never overtakes its Utterance) and cues (handed
// to the live loop).
func (p *Presenter) subscribe(lines chan *nats.Msg,
	cues chan<- bus.Cue) ([]*nats.Subscription, error) {
	var subs []*nats.Subscription
	fail := func(what string, err error) ([]*nats.Subscription, error) {
		for _, s := range subs {
			_ = s.Unsubscribe()
		}
		return nil, fmt.Errorf("room %q: subscribe %s: %w", p.cfg.Room, what, err)
	}
	for _, subject := range []string{bus.UtterancesSubject(p.cfg.Room),
		bus.ClausesSubject(p.cfg.Room)} {
		s, err := p.cfg.Conn.ChanSubscribe(subject, lines)
		if err != nil {
			return fail(subject, err)
		}
		subs = append(subs, s)
	}
	csub, err := p.cfg.Conn.Subscribe(bus.CuesSubject(p.cfg.Room), func(m *nats.Msg) {
		p.onCue(m, cues)
	})
	if err != nil {
		return fail("cues", err)
	}
	return append(subs, csub), nil
}

// receiveLines queues Utterances and feeds Clauses to their lines until ctx
// is done.
func (p *Presenter) receiveLines(ctx context.Context, lines <-chan *nats.Msg) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-lines:
			if strings.HasSuffix(m.Subject, ".clauses") {
				p.onClause(m)
			} else {
				p.onUtterance(m)
			}
		}
	}
}

func (p *Presenter) onUtterance(m *nats.Msg) {
	received := time.Now()
	var u bus.Utterance
	if err := json.Unmarshal(m.Data, &u); err != nil {
		p.warn.warn(p.log, "bad utterance", "err", err)
		return
	}
	if strings.TrimSpace(u.Text) == "" && !u.Streaming {
		p.publishPlayout(u.ID, bus.PlayoutSkipped, 0)
		return
	}
	l := newLine(u, received)
	if u.Streaming {
		p.streamsMu.Lock()
		p.streams[u.ID] = l
		p.streamsMu.Unlock()
	}
	if err := p.queue.push(l); err != nil {
		p.forgetStream(l)
		p.warn.warn(p.log, "utterance dropped", "utterance", u.ID, "err", err)
		p.publishPlayout(u.ID, bus.PlayoutSkipped, 0)
	}
}

func (p *Presenter) onCue(m *nats.Msg, cues chan<- bus.Cue) {
	var c bus.Cue
	if err := json.Unmarshal(m.Data, &c); err != nil {
		p.warn.warn(p.log, "bad cue", "err", err)
		return
	}
	switch c.Type {
	case bus.CueSkip, bus.CuePause, bus.CueResume, bus.CueWelfare:
	default:
		return // the script and the console handle the rest
	}
	select {
	case cues <- c:
	default:
		p.warn.warn(p.log, "cue dropped: live loop busy", "cue", c.ID, "type", c.Type)
	}
}

// publishPlayout tells the room what became of an utterance.
func (p *Presenter) publishPlayout(id, state string, durationMS int) {
	data, err := bus.Encode(bus.Playout{
		V: bus.SchemaVersion, Room: p.cfg.Room, Utterance: id, State: state,
		Queued: p.queue.len(), DurationMS: durationMS,
	})
	if err == nil {
		err = p.cfg.Conn.Publish(bus.PlayoutSubject(p.cfg.Room), data)
	}
	if err != nil {
		p.warn.warn(p.log, "publish playout", "utterance", id, "state", state, "err", err)
	}
}
