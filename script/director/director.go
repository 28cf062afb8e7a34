// Package director runs a room's script: it asks the planner for the next line
// when the voice needs one, answers viewers' intents, obeys cues, and publishes
// every line as an Utterance on NATS before it is spoken.
package director

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

// Config configures a Director.
type Config struct {
	Room    string
	Conn    *nats.Conn
	Planner *planner.Planner
	Show    *show.Show
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ReplyGap is the shortest time between two replies; intents arriving
	// within it are merged into the next reply. Default 1.5 s. The next
	// reply also waits until the voice has started the last one.
	ReplyGap time.Duration
	// Stall is how long past a line's estimated end the director waits for
	// playout progress before it plans the next line anyway. Default 4 s.
	Stall time.Duration
	// Personalizer rewrites lines and answers; nil or a personalize.Template
	// publishes the planner's template lines as they are.
	Personalizer personalize.Personalizer
	// LLMBudget bounds one personalization, fallback included. Default 8 s.
	LLMBudget time.Duration
	// Seq is the seq of the room's last Utterance, published by an earlier owner of
	// the room; the first Utterance of this Director has Seq+1.
	Seq int64
	// Checkpoint, when set, is called on the Run goroutine with each Utterance just
	// before it is published, so the caller can record the room's state (the
	// planner's Snapshot and u.Seq) ahead of the line. It must not block for long.
	Checkpoint func(u bus.Utterance)
}

// Director owns one room's planner and turns its lines into Utterances.
// All planner calls happen on the Run goroutine.
type Director struct {
	cfg Config
	log *slog.Logger

	llm   personalize.Personalizer
	ready chan struct{}

	intents chan bus.Intent
	cues    chan bus.Cue
	playout chan bus.Playout
	done    chan personalized

	// ctx is Run's context, kept only while Run runs.
	ctx context.Context
	wg  sync.WaitGroup
	// inflight cancels personalizations by ticket; tickets numbers them.
	inflight map[string]context.CancelFunc
	// streams are the streaming lines on the bus, by ticket.
	streams    map[string]*stream
	tickets    int
	recentChat []string

	seq int64
	// pending holds script Utterances published but not yet started by the voice.
	pending map[string]time.Time
	// lastProgress is when the voice last reported progress, or a line was
	// planned; while a line is on air, the end of that line.
	lastProgress time.Time
	replyFree    time.Time // when the next reply may go out
	// replyWait holds the replies handed to the voice that it has not
	// started, by ticket while the LLM writes them, with the time the ticket
	// is written off, then by Utterance id, with the zero time: a published
	// reply waits for the voice.
	replyWait map[string]time.Time
	// sentAt holds when the lines waited on (in pending or replyWait) were
	// published, by Utterance id; voiceQueued is how many lines the voice
	// said were waiting in it, on its last Playout. A line the voice did
	// not start while it said its queue was empty is lost.
	sentAt      map[string]time.Time
	voiceQueued int
	replies     *burst.Queue
	held        map[string]*held
	signals     chan bus.RoomSignal
	// asked holds the questions being answered, by intent and product, by
	// burst id in the reply queue and by the ticket of their personalization;
	// askedBursts the ingest bursts whose comments ask took, by when.
	asked        map[string]*asked
	askedIDs     map[string]*asked
	askedTickets map[string]*asked
	askedBursts  map[string]time.Time
	askedSeq     int
	// gathered fires when the newest question has gathered askers long enough.
	gathered *time.Timer

	mu     sync.Mutex // guards stats and queued
	stats  Stats
	queued []bus.QueuedReply
}

// Stats counts what a Director has published.
type Stats struct {
	Script, Replies, Cues, Acks, Stalls uint64
	// Lost counts lines written off because the voice never got them.
	Lost uint64
	// Asked counts question comments; Joined those answered by an answer to the
	// same question that was being prepared or said when they came.
	Asked, Joined uint64
	// ReplyQueue is the number of merged replies waiting to be spoken.
	ReplyQueue int
}

// New checks cfg and returns a Director ready to Run.
func New(cfg Config) (*Director, error) {
	if cfg.Conn == nil || cfg.Planner == nil || cfg.Room == "" {
		return nil, fmt.Errorf("director: %w", ErrConfig)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ReplyGap == 0 {
		cfg.ReplyGap = 1500 * time.Millisecond
	}
	if cfg.Stall == 0 {
		cfg.Stall = 4 * time.Second
	}
	if cfg.LLMBudget == 0 {
		cfg.LLMBudget = 8 * time.Second
	}
	if cfg.Show == nil {
		return nil, fmt.Errorf("director: show: %w", ErrConfig)
	}
	var llm personalize.Personalizer
	if _, template := cfg.Personalizer.(personalize.Template); !template {
		llm = cfg.Personalizer
	}
	return &Director{
		cfg:       cfg,
		llm:       llm,
		done:      make(chan personalized, 16),
		ready:     make(chan struct{}),
		inflight:  map[string]context.CancelFunc{},
		streams:   map[string]*stream{},
		log:       cfg.Logger.With("room", cfg.Room, "component", "director"),
		intents:   make(chan bus.Intent, 1024),
		cues:      make(chan bus.Cue, 64),
		playout:   make(chan bus.Playout, 64),
		pending:   map[string]time.Time{},
		replyWait: map[string]time.Time{},
		sentAt:    map[string]time.Time{},
		replies:   burst.NewQueue(burst.QueueConfig{}),
		held:      map[string]*held{},

		asked:        map[string]*asked{},
		askedIDs:     map[string]*asked{},
		askedTickets: map[string]*asked{},
		askedBursts:  map[string]time.Time{},
		gathered:     stoppedTimer(),
		signals:      make(chan bus.RoomSignal, 64),
		seq:          cfg.Seq,
	}, nil
}

// Ready is closed once Run has subscribed to the room's subjects.
func (d *Director) Ready() <-chan struct{} { return d.ready }

// Stats returns a snapshot of the counters.
func (d *Director) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

// Run subscribes to the room's intents, cues and playout, and plans lines until
// ctx is done.
func (d *Director) Run(ctx context.Context) error {
	subs, err := d.subscribe()
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range subs {
			_ = s.Unsubscribe()
		}
	}()
	close(d.ready)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	defer d.gathered.Stop()
	d.ctx = ctx
	defer d.waitInflight()

	d.lastProgress = d.cfg.Now()
	d.refill()
	for {
		select {
		case <-ctx.Done():
			return nil
		case p := <-d.done:
			d.onPersonalized(p)
		case in := <-d.intents:
			d.onIntent(in)
		case c := <-d.cues:
			d.onCue(c)
		case p := <-d.playout:
			d.onPlayout(p)
		case sig := <-d.signals:
			d.onSignal(sig)
		case <-tick.C:
			d.onTick()
		case <-d.gathered.C:
			d.flushReplies(d.cfg.Now())
		}
	}
}

func (d *Director) subscribe() ([]*nats.Subscription, error) {
	nc, room := d.cfg.Conn, d.cfg.Room
	var subs []*nats.Subscription
	add := func(subject string, h nats.MsgHandler) error {
		s, err := nc.Subscribe(subject, h)
		if err != nil {
			return fmt.Errorf("subscribe %s: %w", subject, err)
		}
		subs = append(subs, s)
		return nil
	}
	err := add(bus.IntentsSubject(room), decodeInto(d.log, d.intents))
	if err == nil {
		err = add(bus.CuesSubject(room), decodeInto(d.log, d.cues))
	}
	if err == nil {
		err = add(bus.PlayoutSubject(room), decodeInto(d.log, d.playout))
	}
	if err == nil {
		err = add(bus.SignalsSubject(room), decodeInto(d.log, d.signals))
	}
	if err == nil {
		err = nc.Flush()
	}
	if err != nil {
		for _, s := range subs {
			_ = s.Unsubscribe()
		}
		return nil, err
	}
	return subs, nil
}

// decodeInto returns a handler that decodes messages onto ch, dropping (and
// logging) what does not decode or does not fit.
func decodeInto[T any](log *slog.Logger, ch chan T) nats.MsgHandler {
	return func(m *nats.Msg) {
		var v T
		if err := json.Unmarshal(m.Data, &v); err != nil {
			log.Debug("undecodable message", "subject", m.Subject, "err", err)
			return
		}
		select {
		case ch <- v:
		default:
			log.Warn("director busy, message dropped", "subject", m.Subject)
		}
	}
}
