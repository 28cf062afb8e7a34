package ingest

import (
	"cmp"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Defaults for zero SignalConfig fields.
const (
	DefaultSignalRepeat  = 10 * time.Second
	DefaultQuietAfter    = 30 * time.Second
	DefaultPurchaseWave  = 10
	DefaultQuestionBurst = 5
	DefaultDropMin       = 5
	DefaultDropPercent   = 10
)

// SignalConfig sets when ingest publishes a room's bus.RoomSignals on
// bus.SignalsSubject. A kind is published as soon as it starts or ends (Count 0),
// and while it holds at most once every Repeat.
type SignalConfig struct {
	// Repeat is the shortest gap between two signals of one kind that neither
	// starts nor ends it.
	Repeat time.Duration
	// QuietAfter is how long without a comment makes the room quiet.
	QuietAfter time.Duration
	// PurchaseWave is how many purchase comments in a minute make a wave.
	PurchaseWave int
	// QuestionBurst is how many comments in one question burst make it a signal.
	QuestionBurst int
	// Viewers are dropping when they fell by DropMin and DropPercent of the
	// audience a minute ago.
	DropMin     int
	DropPercent int
}

func (c SignalConfig) withDefaults() SignalConfig {
	c.Repeat = cmp.Or(c.Repeat, DefaultSignalRepeat)
	c.QuietAfter = cmp.Or(c.QuietAfter, DefaultQuietAfter)
	c.PurchaseWave = cmp.Or(c.PurchaseWave, DefaultPurchaseWave)
	c.QuestionBurst = cmp.Or(c.QuestionBurst, DefaultQuestionBurst)
	c.DropMin = cmp.Or(c.DropMin, DefaultDropMin)
	c.DropPercent = cmp.Or(c.DropPercent, DefaultDropPercent)
	return c
}

// level is one signal kind's reading: whether it holds, and its Count.
type level struct {
	kind   string
	active bool
	count  int
}

// announced is the last signal of one kind published for a room.
type announced struct {
	active bool
	at     time.Time
}

// levelKinds is how many signal kinds levels reads.
const levelKinds = 4

// levels reads the room's signal kinds at now, always in the same order;
// started stands in for the last comment of a room that has had none.
func (s *roomState) levels(now, started time.Time, cfg SignalConfig) [levelKinds]level {
	since := s.lastComment
	if since.IsZero() {
		since = started
	}
	silent := max(now.Sub(since), 0)
	viewers, trend := s.viewers.now, s.viewers.trend(now)
	drop := -trend
	dropping := drop >= cfg.DropMin && drop*100 >= (viewers+drop)*cfg.DropPercent
	purchases := s.purchaseIntents.sum(now)
	return [levelKinds]level{
		{bus.SignalViewers, s.viewers.set, viewers},
		{bus.SignalViewersDropping, dropping, max(drop, 0)},
		{bus.SignalQuiet, silent >= cfg.QuietAfter, int(silent / time.Second)},
		{bus.SignalPurchaseWave, purchases >= cfg.PurchaseWave, purchases},
	}
}

// announce returns the signals of room due at now: every kind that started or
// ended, and every kind that holds and was last published Repeat ago.
func (s *roomState) announce(room string, now, started time.Time,
	cfg SignalConfig) []bus.RoomSignal {
	var out []bus.RoomSignal
	for i, lv := range s.levels(now, started, cfg) {
		prev := &s.saidLevels[i]
		if lv.active == prev.active && (!lv.active || now.Sub(prev.at) < cfg.Repeat) {
			continue
		}
		*prev = announced{active: lv.active, at: now}
		count := lv.count
		if !lv.active {
			count = 0
		}
		out = append(out, bus.RoomSignal{V: bus.SchemaVersion, Room: room, Kind: lv.kind,
			Count: count, At: now})
	}
	return out
}

// questionBurst returns the signal of a question burst that has just reached
// count comments, if that is the threshold and the intent's last such signal is
// Repeat ago.
func (s *roomState) questionBurst(room, intent string, count int, now time.Time,
	cfg SignalConfig) (bus.RoomSignal, bool) {
	if count != cfg.QuestionBurst || !strings.HasPrefix(intent, "question.") {
		return bus.RoomSignal{}, false
	}
	key := bus.SignalQuestionBurst + "\x00" + intent
	if prev, ok := s.said[key]; ok && now.Sub(prev.at) < cfg.Repeat {
		return bus.RoomSignal{}, false
	}
	s.remember(key, true, now)
	return bus.RoomSignal{V: bus.SchemaVersion, Room: room, Kind: bus.SignalQuestionBurst,
		Count: count, At: now, Intent: intent}, true
}

func (s *roomState) remember(key string, active bool, now time.Time) {
	if s.said == nil {
		s.said = map[string]announced{}
	}
	s.said[key] = announced{active: active, at: now}
}
