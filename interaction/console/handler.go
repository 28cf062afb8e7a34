// Package console serves the websocket through which moderators and operators
// watch a live room and steer its show with cues.
//
// A console connects to GET /ws/console/{room} with a token. The token decides
// its role: an operator may send every cue, a moderator all but the
// operator-only ones. The server sends a hello, then the room's live feed
// (utterances, intents, comments, acks, playout, status) from NATS; the console
// sends cues, which the server checks, completes and publishes, and every cue
// gets an Ack: the room's, a local refusal, or a timeout saying nobody
// answered. How each cue ended is also published as a bus.AuditRecord on the
// room's audit subject, which the archive stream keeps.
package console

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Defaults of Config.
const (
	DefaultMaxConnsPerToken = 16
	DefaultAckTimeout       = 3 * time.Second
)

// Config configures a console Handler.
type Config struct {
	// Conn is the NATS connection cues are published on and the feed read from.
	Conn *nats.Conn
	// OperatorToken grants every cue; it must be set. ModeratorToken grants
	// moderator cues; empty means no moderator may connect.
	OperatorToken, ModeratorToken string
	// AllowedOrigins are page origins ("https://studio.example") besides the
	// server's own (scheme and Host header) that may open a console.
	AllowedOrigins []string
	// Rooms reports whether a room exists; nil accepts any valid room name.
	Rooms func(name string) bool
	// Logger receives lifecycle and error logs; nil means slog.Default().
	Logger *slog.Logger
	// MaxConnsPerToken bounds the open consoles of each token; 0 means
	// DefaultMaxConnsPerToken.
	MaxConnsPerToken int
	// AckTimeout is how long a cue waits for the room's Ack before the console
	// is told nobody answered; 0 means DefaultAckTimeout.
	AckTimeout time.Duration
}

// Handler serves console websockets. It is an http.Handler meant to be mounted
// at GET /ws/console/{room}.
type Handler struct {
	cfg      Config
	tokens   tokens
	log      *slog.Logger
	upgrader websocket.Upgrader

	mu       sync.Mutex // guards sessions, perRole and closed
	sessions map[*session]struct{}
	perRole  map[Role]int
	closed   bool
	// wg counts admitted requests until their session has ended.
	wg sync.WaitGroup
}

// NewHandler checks cfg, fills in its defaults and returns a Handler.
func NewHandler(cfg Config) (*Handler, error) {
	switch {
	case cfg.Conn == nil:
		return nil, fmt.Errorf("new console: %w", ErrNoConn)
	case cfg.OperatorToken == "":
		return nil, fmt.Errorf("new console: %w", ErrNoToken)
	case cfg.OperatorToken == cfg.ModeratorToken:
		return nil, fmt.Errorf("new console: %w", ErrSameTokens)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxConnsPerToken <= 0 {
		cfg.MaxConnsPerToken = DefaultMaxConnsPerToken
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = DefaultAckTimeout
	}
	h := &Handler{
		cfg:      cfg,
		tokens:   newTokens(cfg.OperatorToken, cfg.ModeratorToken),
		log:      cfg.Logger.With("component", "console"),
		sessions: make(map[*session]struct{}),
		perRole:  make(map[Role]int),
	}
	h.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		ReadBufferSize:   4 << 10,
		WriteBufferSize:  4 << 10,
		// ServeHTTP has checked the origin before upgrading.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	return h, nil
}

// ServeHTTP admits a console, upgrades it to a websocket and serves it until
// it leaves or the Handler closes. Every check runs before the upgrade, so a
// refused console gets a plain HTTP status with a JSON error.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	role, status, msg := h.admit(r, room)
	if status != 0 {
		writeError(w, status, msg)
		return
	}
	if status, msg := h.reserve(role); status != 0 {
		writeError(w, status, msg)
		return
	}
	defer h.wg.Done()
	ws, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		h.release(role, nil)
		h.log.Info("console upgrade failed", "room", room, "role", role, "err", err)
		return
	}
	s := newSession(h, ws, role, room)
	if !h.track(s) {
		s.shutdown(websocket.CloseGoingAway, "server shutting down")
		h.release(role, nil)
		return
	}
	s.run()
	h.release(role, s)
}

// admit checks method, token, origin and room, in that order, and returns the
// role granted or the HTTP status and message to refuse with.
func (h *Handler) admit(r *http.Request, room string) (Role, int, string) {
	if r.Method != http.MethodGet {
		return "", http.StatusMethodNotAllowed, "use GET to open a console websocket"
	}
	role := h.tokens.role(presentedToken(r))
	if role == "" {
		return "", http.StatusUnauthorized,
			"missing or wrong console token: pass Authorization: Bearer <token> or ?token="
	}
	if !originAllowed(r, h.cfg.AllowedOrigins) {
		return "", http.StatusForbidden, "this page's origin may not open a console"
	}
	if !bus.ValidRoom(room) || (h.cfg.Rooms != nil && !h.cfg.Rooms(room)) {
		return "", http.StatusNotFound, fmt.Sprintf("no room %q", clip(room))
	}
	return role, 0, ""
}

// reserve takes one of role's connection slots and counts the request in wg.
func (h *Handler) reserve(role Role) (int, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return http.StatusServiceUnavailable, "console is shutting down"
	}
	if h.perRole[role] >= h.cfg.MaxConnsPerToken {
		return http.StatusTooManyRequests,
			fmt.Sprintf("too many open %s consoles (at most %d)", role, h.cfg.MaxConnsPerToken)
	}
	h.perRole[role]++
	h.wg.Add(1)
	return 0, ""
}

// track records a running session; it reports false once the Handler is closed.
func (h *Handler) track(s *session) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.sessions[s] = struct{}{}
	return true
}

// release gives back role's slot and forgets s, if any.
func (h *Handler) release(role Role, s *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.perRole[role]--
	if s != nil {
		delete(h.sessions, s)
	}
}

// Close closes every console connection, refuses new ones and waits until
// their goroutines have ended. It is safe to call more than once.
func (h *Handler) Close() error {
	h.mu.Lock()
	h.closed = true
	open := make([]*session, 0, len(h.sessions))
	for s := range h.sessions {
		open = append(open, s)
	}
	h.mu.Unlock()

	for _, s := range open {
		s.shutdown(websocket.CloseGoingAway, "server shutting down")
	}
	h.wg.Wait()
	return nil
}

// writeError answers a refused request with status and a JSON error.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
