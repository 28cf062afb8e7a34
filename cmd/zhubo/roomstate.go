package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/planner"
)

// stateBucket is the key-value bucket of the rooms' script state, one key per room.
const stateBucket = "zhubo_state"

// roomState is what a room's next owner needs to go on with its script: the seq of
// the last Utterance and the planner's snapshot.
type roomState struct {
	Seq     int64           `json:"seq"`
	Planner json.RawMessage `json:"planner"`
}

// stateStore keeps the rooms' script state in JetStream, written after each line.
type stateStore struct {
	js jetstream.JetStream
	kv jetstream.KeyValue
}

func openStateStore(ctx context.Context, nc *nats.Conn) (*stateStore, error) {
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(5*time.Second),
		jetstream.WithPublishAsyncMaxPending(256))
	if err != nil {
		return nil, fmt.Errorf("room state: %w", err)
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: stateBucket, Description: "rooms' script state for the next owner", History: 1,
	})
	if err != nil {
		return nil, fmt.Errorf("room state: bucket %s: %w", stateBucket, err)
	}
	return &stateStore{js: js, kv: kv}, nil
}

// load reads a room's state; false when the room has none.
func (st *stateStore) load(ctx context.Context, room string) (roomState, bool, error) {
	e, err := st.kv.Get(ctx, room)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return roomState{}, false, nil
	}
	if err != nil {
		return roomState{}, false, fmt.Errorf("room state %s: %w", room, err)
	}
	var rs roomState
	if err := json.Unmarshal(e.Value(), &rs); err != nil {
		return roomState{}, false, fmt.Errorf("room state %s: %w", room, err)
	}
	return rs, true, nil
}

// save writes a room's state without waiting for JetStream's answer. It goes out
// on the connection before the line it describes, so a line that reached the bus
// has its state there too.
func (st *stateStore) save(room string, rs roomState) error {
	data, err := json.Marshal(rs)
	if err != nil {
		return fmt.Errorf("room state %s: %w", room, err)
	}
	if _, err := st.js.PublishAsync("$KV."+stateBucket+"."+room, data); err != nil {
		return fmt.Errorf("room state %s: %w", room, err)
	}
	return nil
}

// flush waits until the saved states are stored, or ctx ends.
func (st *stateStore) flush(ctx context.Context) {
	if st == nil {
		return
	}
	select {
	case <-st.js.PublishAsyncComplete():
	case <-ctx.Done():
	}
}

// restore puts the room's checkpointed script state into pl and returns the seq
// to go on from; a room without state starts at the beginning.
func (s *Server) restore(ctx context.Context, room string, pl *planner.Planner,
	log *slog.Logger) int64 {
	if s.state == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	rs, ok, err := s.state.load(ctx, room)
	if err != nil {
		log.Warn("room state unreadable: starting the script over", "err", err)
		return 0
	}
	if !ok {
		return 0
	}
	if err := pl.Restore(rs.Planner); err != nil {
		log.Warn("planner state not restored: starting the script over", "err", err)
	}
	log.Info("room state restored", "seq", rs.Seq)
	return rs.Seq
}

// checkpointer returns the director's Checkpoint for a room: the planner's
// snapshot and the line's seq, saved ahead of the line.
func (s *Server) checkpointer(room string, pl *planner.Planner,
	log *slog.Logger) func(bus.Utterance) {
	if s.state == nil {
		return nil
	}
	return func(u bus.Utterance) {
		snap, err := pl.Snapshot()
		if err == nil {
			err = s.state.save(room, roomState{Seq: u.Seq, Planner: snap})
		}
		if err != nil {
			log.Warn("room state not saved", "seq", u.Seq, "err", err)
		}
	}
}
