package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/lease"
)

// Room statuses in the operator API.
const (
	statusRunning = "running" // this process owns and runs the room
	statusStandby = "standby" // another process owns it; this one takes over when it dies
)

// errRoomExists and errNoRoom answer the operator API's 409 and 404.
var (
	errRoomExists = errors.New("room exists")
	errNoRoom     = errors.New("no such room")
	errClosing    = errors.New("server is shutting down")
)

// roomEntry is a room this process serves: running here while it holds the
// room's lease, on standby while another process does. Its keeper goroutine
// claims, renews and releases the lease and starts and stops the room.
type roomEntry struct {
	cfg    configs.Room
	cancel context.CancelFunc // ends the keeper
	done   chan struct{}      // closed when the keeper has stopped the room

	mu     sync.Mutex // guards live, rev and holder
	live   *room
	rev    uint64       // the lease's revision while live
	holder lease.Holder // the room's owner as last seen
}

// roomInfo is one room in GET /api/rooms.
type roomInfo struct {
	Name    string `json:"name"`
	Show    string `json:"show"`
	Seed    int64  `json:"seed"`
	Status  string `json:"status"`
	Owner   string `json:"owner,omitempty"`
	HTTP    string `json:"http,omitempty"`
	Viewers int    `json:"viewers"`
}

func (e *roomEntry) info() roomInfo {
	e.mu.Lock()
	defer e.mu.Unlock()
	in := roomInfo{Name: e.cfg.Name, Show: e.cfg.Show, Seed: e.cfg.Seed, Status: statusStandby,
		Owner: e.holder.Owner, HTTP: e.holder.HTTP}
	if e.live != nil {
		in.Status, in.Viewers = statusRunning, e.live.relay.Viewers()
	}
	return in
}

// addRoom registers a room and tries to take it at once, so that Start and
// POST /api/rooms return with the room running unless another process owns it.
func (s *Server) addRoom(rc configs.Room) error {
	ctx, cancel := context.WithCancel(s.runCtx)
	e := &roomEntry{cfg: rc, cancel: cancel, done: make(chan struct{})}
	s.roomsMu.Lock()
	_, exists := s.rooms[rc.Name]
	switch {
	case s.closing:
		s.roomsMu.Unlock()
		cancel()
		return errClosing
	case exists:
		s.roomsMu.Unlock()
		cancel()
		return fmt.Errorf("room %s: %w", rc.Name, errRoomExists)
	}
	s.rooms[rc.Name] = e
	s.names = append(s.names, rc.Name)
	s.roomsMu.Unlock()

	if err := s.tend(ctx, e); err != nil {
		s.forget(rc.Name)
		cancel()
		close(e.done)
		return err
	}
	go s.keep(ctx, e)
	return nil
}

// forget drops a room from the registry, reporting the entry it had.
func (s *Server) forget(name string) (*roomEntry, bool) {
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	e, ok := s.rooms[name]
	if !ok {
		return nil, false
	}
	delete(s.rooms, name)
	for i, n := range s.names {
		if n == name {
			s.names = append(s.names[:i:i], s.names[i+1:]...)
			break
		}
	}
	return e, true
}

// removeRoom stops a room, releases its lease and forgets it.
func (s *Server) removeRoom(name string) error {
	e, ok := s.forget(name)
	if !ok {
		return fmt.Errorf("room %s: %w", name, errNoRoom)
	}
	e.cancel()
	<-e.done
	return nil
}

// closeRooms stops every room; no room can be added afterwards.
func (s *Server) closeRooms() {
	s.roomsMu.Lock()
	s.closing = true
	entries := make([]*roomEntry, 0, len(s.rooms))
	for _, e := range s.rooms {
		entries = append(entries, e)
	}
	s.roomsMu.Unlock()
	for _, e := range entries {
		e.cancel()
	}
	for _, e := range entries {
		<-e.done
	}
}

// keep holds a room's lease every renewal period until ctx ends, then stops the
// room and releases the lease.
func (s *Server) keep(ctx context.Context, e *roomEntry) {
	defer close(e.done)
	t := time.NewTicker(s.renewEvery())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.letGo(e)
			return
		case <-t.C:
		}
		if err := s.tend(ctx, e); err != nil {
			s.log.Error("room failed to start", "room", e.cfg.Name, "err", err)
		}
	}
}

// renewEvery is the lease's renewal and claim period: a third of its TTL, at
// most a second, so that a dead owner's room is taken soon after it expires.
func (s *Server) renewEvery() time.Duration {
	return min(s.cfg.Cluster.LeaseTTL/3, time.Second)
}

// tend does one round of a room's lease: renew it while the room runs here
// (and stop the room at once if the lease was lost), or claim it and start the
// room. Only a room that fails to start is an error.
func (s *Server) tend(ctx context.Context, e *roomEntry) error {
	if s.leases == nil {
		if e.running() {
			return nil
		}
		return s.runHere(e, 0)
	}
	ctx, cancel := context.WithTimeout(ctx, s.renewEvery())
	defer cancel()
	name := e.cfg.Name
	if e.running() {
		rev, err := s.leases.Renew(ctx, name, e.revision())
		switch {
		case errors.Is(err, lease.ErrLost):
			s.log.Warn("room lease lost: stopping the room", "room", name)
			e.stop()
		case err != nil:
			s.log.Warn("room lease not renewed", "room", name, "err", err)
		default:
			e.setRevision(rev)
		}
		return nil
	}
	rev, err := s.leases.Acquire(ctx, name)
	if err != nil {
		if h, herr := s.leases.Holder(ctx, name); herr == nil {
			e.setHolder(h)
		}
		return nil
	}
	if err := s.runHere(e, rev); err != nil {
		_ = s.leases.Release(context.WithoutCancel(ctx), name, rev)
		return err
	}
	return nil
}

// runHere starts the room in this process under the lease at rev.
func (s *Server) runHere(e *roomEntry, rev uint64) error {
	r, err := s.startRoom(s.runCtx, e.cfg)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.live, e.rev = r, rev
	if s.leases != nil {
		e.holder = s.leases.Self()
	}
	e.mu.Unlock()
	return nil
}

// letGo stops the room, writes its last state and releases its lease.
func (s *Server) letGo(e *roomEntry) {
	rev, was := e.revision(), e.running()
	e.stop()
	if !was || s.leases == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s.state.flush(ctx)
	if err := s.leases.Release(ctx, e.cfg.Name, rev); err != nil {
		s.log.Warn("room lease not released; it expires by itself", "room", e.cfg.Name,
			"err", err)
	}
}

func (e *roomEntry) running() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.live != nil
}

func (e *roomEntry) revision() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rev
}

func (e *roomEntry) setRevision(rev uint64) {
	e.mu.Lock()
	e.rev = rev
	e.mu.Unlock()
}

func (e *roomEntry) setHolder(h lease.Holder) {
	e.mu.Lock()
	e.holder = h
	e.mu.Unlock()
}

// stop stops the room if it runs here.
func (e *roomEntry) stop() {
	e.mu.Lock()
	r := e.live
	e.live, e.rev = nil, 0
	e.mu.Unlock()
	if r != nil {
		r.stop()
	}
}

// entries lists the rooms in the order they were added.
func (s *Server) entries() []*roomEntry {
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	out := make([]*roomEntry, 0, len(s.names))
	for _, n := range s.names {
		out = append(out, s.rooms[n])
	}
	return out
}

// Rooms lists the names of the rooms this process serves, running or on standby.
func (s *Server) Rooms() []string {
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	return append([]string(nil), s.names...)
}

func (s *Server) hasRoom(name string) bool {
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	_, ok := s.rooms[name]
	return ok
}

// liveRooms lists the rooms running in this process.
func (s *Server) liveRooms() []*room {
	var out []*room
	for _, e := range s.entries() {
		e.mu.Lock()
		if e.live != nil {
			out = append(out, e.live)
		}
		e.mu.Unlock()
	}
	return out
}

// ownerURL is the advertised URL of the process that owns room, when that is
// another process.
func (s *Server) ownerURL(ctx context.Context, name string) (string, bool) {
	if s.leases == nil || !s.hasRoom(name) {
		return "", false
	}
	h, err := s.leases.Holder(ctx, name)
	if err != nil || h.Owner == s.id || h.HTTP == "" {
		return "", false
	}
	return h.HTTP, true
}
