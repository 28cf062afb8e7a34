package main

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/avatar"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/ingest"
)

// airWatch follows what goes on air: the lines published (by source and by
// who personalized them), how long answers wait in the voice, and the
// presenters' dead-air counters. A room that restarts gets a new presenter,
// so the counters are kept per presenter.
type airWatch struct {
	mu        sync.Mutex // guards the fields below
	lines     map[string]uint64
	lastLine  time.Time
	presented map[*avatar.Presenter]avatar.PresenterStats
	rejected  map[*ingest.Ingest]map[string]uint64
	// sent holds when each answer not yet started was published; waits are
	// the times from publishing to the voice starting them.
	sent       map[string]time.Time
	waits      []time.Duration
	maxQueued  int // The most lines the voice said were waiting in it
	queuedLast int
}

// watchAir subscribes to a room's utterances and playout.
func watchAir(nc *nats.Conn, room string) (*airWatch, error) {
	a := &airWatch{lines: map[string]uint64{},
		presented: map[*avatar.Presenter]avatar.PresenterStats{},
		rejected:  map[*ingest.Ingest]map[string]uint64{},
		sent:      map[string]time.Time{}}
	if _, err := nc.Subscribe(bus.UtterancesSubject(room), a.utterance); err != nil {
		return nil, err
	}
	if _, err := nc.Subscribe(bus.PlayoutSubject(room), a.playout); err != nil {
		return nil, err
	}
	return a, nil
}

// forgetSentAfter bounds sent: an answer the voice never reported is
// forgotten after this long.
const forgetSentAfter = 10 * time.Minute

func (a *airWatch) playout(m *nats.Msg) {
	var p bus.Playout
	if json.Unmarshal(m.Data, &p) != nil {
		return
	}
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.maxQueued, a.queuedLast = max(a.maxQueued, p.Queued), p.Queued
	sent, ok := a.sent[p.Utterance]
	if !ok {
		return
	}
	delete(a.sent, p.Utterance)
	if p.State == bus.PlayoutStarted {
		a.waits = append(a.waits, now.Sub(sent))
	}
}

// queue returns the voice's queue on its last report, and its deepest.
func (a *airWatch) queue() (last, deepest int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.queuedLast, a.maxQueued
}

// answerWaits returns the answers' waits in the voice.
func (a *airWatch) answerWaits() []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.waits)
}

func (a *airWatch) utterance(m *nats.Msg) {
	var u bus.Utterance
	if json.Unmarshal(m.Data, &u) != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lines["total"]++
	a.lines[u.Source]++
	a.lines["by_"+u.PersonalizedBy]++
	a.lastLine = time.Now()
	if u.Source == bus.SourceReply {
		a.sent[u.ID] = a.lastLine
		if len(a.sent) > 100 {
			for id, at := range a.sent {
				if a.lastLine.Sub(at) > forgetSentAfter {
					delete(a.sent, id)
				}
			}
		}
	}
}

// sample records the rooms' presenter and ingest counters; call it often
// enough to catch a room's last numbers before it restarts.
func (a *airWatch) sample(rooms []*room) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range rooms {
		a.presented[r.presenter] = r.presenter.Stats()
		a.rejected[r.ingest] = r.ingest.Stats().Rejected
	}
}

// rejectedEvents sums the events refused, by reason, over every ingest seen.
func (a *airWatch) rejectedEvents() map[string]uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]uint64{}
	for _, m := range a.rejected {
		for k, v := range m {
			out[k] += v
		}
	}
	return out
}

// air sums the dead air over every presenter seen.
func (a *airWatch) air() (spans uint64, dead time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, st := range a.presented {
		spans += st.DeadAirSpans
		dead += st.DeadAir
	}
	return spans, dead
}

// video sums the frames every presenter wrote and dropped, and counts the
// times a room started again with a new presenter.
func (a *airWatch) video() (frames, dropped uint64, restarts int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, st := range a.presented {
		frames += st.VideoFrames
		dropped += st.DroppedFrames
	}
	return frames, dropped, max(len(a.presented)-1, 0)
}

func (a *airWatch) lineCounts() (map[string]uint64, time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]uint64, len(a.lines))
	for k, v := range a.lines {
		out[k] = v
	}
	return out, a.lastLine
}
