package relay

import (
	"log/slog"
	"sync"
)

// Relay holds the rooms of one process, so the WHEP handler can find a room by name, and caps
// the viewers of all its rooms together.
type Relay struct {
	log   *slog.Logger
	limit *viewerLimit // shared by the rooms; counts viewers even without a cap

	mu     sync.Mutex // guards rooms and closed
	rooms  map[string]*Room
	closed bool
}

// RelayConfig sets up a Relay.
type RelayConfig struct {
	// MaxViewers caps the viewers of all rooms together; 0 means no cap. A viewer over the cap
	// gets ErrServerFull.
	MaxViewers int
	// Logger receives the Relay's own warnings; nil uses slog.Default. Rooms log through
	// their own Config.Logger.
	Logger *slog.Logger
}

// New makes an empty Relay without a process-wide viewer cap.
func New() *Relay { return NewRelay(RelayConfig{}) }

// NewRelay makes an empty Relay as cfg says.
func NewRelay(cfg RelayConfig) *Relay {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Relay{
		log: logger, limit: &viewerLimit{max: int64(max(cfg.MaxViewers, 0))},
		rooms: make(map[string]*Room),
	}
}

// Viewers returns how many viewers all rooms hold together, counting those still connecting.
func (rl *Relay) Viewers() int { return int(rl.limit.n.Load()) }

// Add registers r under its name; from then on r's new viewers count against the Relay's
// cap. A room already registered under that name is replaced and closed, which ends its
// viewers' sessions. Adding to a closed Relay closes r.
func (rl *Relay) Add(r *Room) {
	r.limit.Store(rl.limit)
	rl.mu.Lock()
	if rl.closed {
		rl.mu.Unlock()
		_ = r.Close()
		return
	}
	old := rl.rooms[r.Name()]
	rl.rooms[r.Name()] = r
	rl.mu.Unlock()

	if old != nil && old != r {
		rl.log.Warn("room replaced", "room", r.Name())
		_ = old.Close()
	}
}

// Room returns the room called name.
func (rl *Relay) Room(name string) (*Room, bool) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	r, ok := rl.rooms[name]
	return r, ok
}

// Rooms returns the names of the registered rooms, in no particular order.
func (rl *Relay) Rooms() []string {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	names := make([]string, 0, len(rl.rooms))
	for name := range rl.rooms {
		names = append(names, name)
	}
	return names
}

// Remove unregisters the room called name and closes it; it reports whether there was one.
func (rl *Relay) Remove(name string) bool {
	rl.mu.Lock()
	r, ok := rl.rooms[name]
	delete(rl.rooms, name)
	rl.mu.Unlock()
	if ok {
		_ = r.Close()
	}
	return ok
}

// Close closes every room; it is safe to call more than once.
func (rl *Relay) Close() error {
	rl.mu.Lock()
	if rl.closed {
		rl.mu.Unlock()
		return nil
	}
	rl.closed = true
	rooms := rl.rooms
	rl.rooms = make(map[string]*Room)
	rl.mu.Unlock()

	for _, r := range rooms {
		_ = r.Close()
	}
	return nil
}
