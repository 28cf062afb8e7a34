// Package ingest is a room's interaction component on the bus: it takes viewers'
// Events from NATS (and from platform adapters over HTTP), validates and counts
// them, classifies each comment's intent and publishes an Intent per comment, and
// keeps the room signals (chat rate, viewers and their trend, silence) that the
// planner reads to choose what the host says next.
//
// Every comment also joins a burst (see package burst): comments that say the
// same thing within a few seconds, gifts, follows and arrivals. Each per-comment
// Intent names its burst in Burst, as soon as the comment arrives. When a burst
// of more than one comment closes, one more Intent follows on the same subject:
// Burst, Count, Users (the first of them) and EventIDs filled, Event the burst's
// first event, Text its most frequent wording. A consumer either answers
// per-comment Intents, grouping them by Burst, or waits for the merged ones: a
// per-comment Intent has Count 0, a merged one Count > 1. With
// Config.ThanksIntents, closed bursts of gifts, follows and arrivals are published
// the same way, with Intent "thanks.gift", "thanks.follow" or "welcome.enter".
//
// Room moods go out as bus.RoomSignal messages on bus.SignalsSubject: viewers,
// viewers_dropping, quiet, purchase_wave and question_burst (see SignalConfig).
package ingest

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/intent"
)

// Defaults for zero Config fields.
const (
	DefaultUserRate  = 1.0 // comments per viewer per second, sustained
	DefaultUserBurst = 5   // comments per viewer at once
	DefaultLogEvery  = time.Minute
	DefaultTick      = 250 * time.Millisecond
)

// wildcardEvents subscribes to the Events of every room.
const wildcardEvents = "zhubo.room.*.events"

// Config configures an Ingest.
type Config struct {
	// Conn is the NATS connection to subscribe and publish on. Required.
	Conn *nats.Conn
	// Rooms limits ingest to these rooms; empty means every room.
	Rooms []string
	// Classifier reads comments' intents. Required.
	Classifier *intent.Classifier
	// Logger receives lifecycle logs and rate-limited rejection warnings.
	// Nil discards them.
	Logger *slog.Logger
	// UserRate is how many comments per second one viewer may send over time,
	// UserBurst how many at once. Zero selects the defaults; a negative UserRate
	// turns the limit off. Only comments are limited: likes, gifts and the rest
	// only move counters.
	UserRate  float64
	UserBurst int
	// LogEvery is the shortest gap between two logged rejections of one reason.
	LogEvery time.Duration
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
	// Bursts configures how comments merge into bursts.
	Bursts burst.MergerConfig
	// ThanksIntents publishes closed bursts of gifts, follows and arrivals as
	// Intents; off, they are merged and counted only.
	ThanksIntents bool
	// Signals configures the RoomSignals published.
	Signals SignalConfig
	// Tick is how often Run closes due bursts and reads the rooms' signals.
	Tick time.Duration
}

// Ingest is one process's interaction component. Make it with New, start it with
// Run; its HTTPHandler can serve before and while Run runs.
type Ingest struct {
	nc      *nats.Conn
	rooms   []string
	cls     *intent.Classifier
	log     *slog.Logger
	now     func() time.Time
	started time.Time
	ran     atomic.Bool
	ready   chan struct{}
	bursts  burst.MergerConfig
	signals SignalConfig
	thanks  bool
	tickGap time.Duration

	// mu guards everything below: counters, limiter, reject log, room state, subs,
	// and the buffer each comment's Intent is encoded in.
	mu        sync.Mutex
	stats     Stats
	users     *userLimiter
	logged    *rejectLog
	state     map[string]*roomState
	subs      []*nats.Subscription
	intentBuf []byte
}

// New checks cfg and makes an Ingest.
func New(cfg Config) (*Ingest, error) {
	if cfg.Conn == nil {
		return nil, fmt.Errorf("%w: Conn is nil", ErrConfig)
	}
	if cfg.Classifier == nil {
		return nil, fmt.Errorf("%w: Classifier is nil", ErrConfig)
	}
	for _, r := range cfg.Rooms {
		if !bus.ValidRoom(r) {
			return nil, fmt.Errorf("%w: room %q is not a subject token", ErrConfig, r)
		}
	}
	if cfg.UserRate == 0 {
		cfg.UserRate = DefaultUserRate
	}
	if cfg.UserBurst <= 0 {
		cfg.UserBurst = DefaultUserBurst
	}
	if cfg.LogEvery <= 0 {
		cfg.LogEvery = DefaultLogEvery
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Ingest{
		nc: cfg.Conn, rooms: cfg.Rooms, cls: cfg.Classifier, now: cfg.Now,
		log:     cfg.Logger.With("component", "ingest"),
		started: cfg.Now(),
		ready:   make(chan struct{}),
		bursts:  cfg.Bursts,
		signals: cfg.Signals.withDefaults(),
		thanks:  cfg.ThanksIntents,
		tickGap: cmp.Or(cfg.Tick, DefaultTick),
		stats:   newStats(),
		users:   newUserLimiter(cfg.UserRate, cfg.UserBurst),
		logged:  newRejectLog(cfg.LogEvery),
		state:   map[string]*roomState{},
	}, nil
}

// Ready is closed once Run has subscribed, so that Events published after it are
// seen.
func (in *Ingest) Ready() <-chan struct{} { return in.ready }

// Run subscribes to the rooms' Events and handles them until ctx ends (it then
// returns nil) or the connection closes (ErrConnClosed). An Ingest runs once.
func (in *Ingest) Run(ctx context.Context) error {
	if !in.ran.CompareAndSwap(false, true) {
		return ErrRunning
	}
	closed := in.nc.StatusChanged(nats.CLOSED)
	defer in.nc.RemoveStatusListener(closed)
	if err := in.subscribe(); err != nil {
		in.unsubscribe()
		return err
	}
	defer in.unsubscribe()
	close(in.ready)
	in.log.Info("ingest running", "subjects", in.subjects())

	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	tick := time.NewTicker(in.tickGap)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			in.log.Info("ingest stopped")
			return nil
		case <-closed:
			return fmt.Errorf("ingest: %w", ErrConnClosed)
		case <-tick.C:
			in.tick()
		case <-sweep.C:
			in.mu.Lock()
			in.users.sweep(in.now())
			in.mu.Unlock()
		}
	}
}

func (in *Ingest) subjects() []string {
	if len(in.rooms) == 0 {
		return []string{wildcardEvents}
	}
	subjects := make([]string, len(in.rooms))
	for i, r := range in.rooms {
		subjects[i] = bus.EventsSubject(r)
	}
	return subjects
}

func (in *Ingest) subscribe() error {
	if in.nc.IsClosed() {
		return fmt.Errorf("ingest: %w", ErrConnClosed)
	}
	for _, subject := range in.subjects() {
		sub, err := in.nc.Subscribe(subject, in.handle)
		if err != nil {
			return fmt.Errorf("ingest: subscribe %s: %w", subject, err)
		}
		in.mu.Lock()
		in.subs = append(in.subs, sub)
		in.mu.Unlock()
	}
	// A round trip makes sure the server has the subscriptions before Ready.
	if err := in.nc.Flush(); err != nil {
		return fmt.Errorf("ingest: flush subscriptions: %w", err)
	}
	return nil
}

// unsubscribe ends the subscriptions, remembering what the client dropped.
func (in *Ingest) unsubscribe() {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, sub := range in.subs {
		if n, err := sub.Dropped(); err == nil {
			in.stats.Dropped += uint64(n)
		}
		if err := sub.Unsubscribe(); err != nil && !in.nc.IsClosed() {
			in.log.Warn("unsubscribe", "subject", sub.Subject, "err", err)
		}
	}
	in.subs = nil
}

// roomOfSubject extracts <room> from zhubo.room.<room>.events.
func roomOfSubject(subject string) string {
	rest := strings.TrimPrefix(subject, "zhubo.room.")
	return strings.TrimSuffix(rest, ".events")
}

// Stats returns a copy of the counters.
func (in *Ingest) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.stats.clone()
	for _, sub := range in.subs {
		if n, err := sub.Dropped(); err == nil {
			s.Dropped += uint64(n)
		}
	}
	return s
}

// Signals returns room's signals now. A room that has sent nothing reads as silent
// since ingest started.
func (in *Ingest) Signals(room string) RoomSignals {
	now := in.now()
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.state[room]
	if s == nil {
		s = &roomState{}
	}
	return s.snapshot(room, now, in.started)
}

// Rooms lists the rooms that have sent an accepted Event.
func (in *Ingest) Rooms() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	rooms := make([]string, 0, len(in.state))
	for r := range in.state {
		rooms = append(rooms, r)
	}
	return rooms
}
