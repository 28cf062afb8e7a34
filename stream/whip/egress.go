// Package whip pushes a room's stream to an external WHIP endpoint (RFC 9725), such as an SFU
// or a CDN's ingest, and keeps pushing across failures.
package whip

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
)

// Default backoff between attempts: the first retry after a second, then doubling to 30 s.
const (
	defaultMinBackoff = time.Second
	defaultMaxBackoff = 30 * time.Second
	// requestTimeout bounds each HTTP exchange with the endpoint.
	requestTimeout = 10 * time.Second
)

// Config sets up an Egress.
type Config struct {
	// URL is the WHIP endpoint to POST the offer to.
	URL string
	// Token, when set, is sent as "Authorization: Bearer <Token>".
	Token string
	// Room is the room whose samples are pushed.
	Room *relay.Room
	// API builds the PeerConnections; nil builds one with H.264, Opus, NACK and RTCP reports.
	API *webrtc.API
	// ICEServers are the STUN and TURN servers used to reach the endpoint.
	ICEServers []webrtc.ICEServer
	// MinBackoff and MaxBackoff bound the wait between attempts; 0 means 1 s and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// Client sends the HTTP requests; nil uses http.DefaultClient.
	Client *http.Client
	// Logger receives lifecycle logs; nil uses slog.Default.
	Logger *slog.Logger
}

// Egress pushes one room to one WHIP endpoint: Run holds a session, and starts a new one with
// exponential backoff whenever the POST fails or the connection drops.
type Egress struct {
	cfg Config
	log *slog.Logger

	attempts, sessions atomic.Uint64
	connected          atomic.Bool
}

// Stats is a snapshot of an Egress.
type Stats struct {
	// Connected says a session is up and media flows.
	Connected bool
	// Attempts counts POSTs, Sessions those that connected.
	Attempts, Sessions uint64
}

// New checks cfg and makes an Egress; Run starts pushing.
func New(cfg Config) (*Egress, error) {
	if cfg.URL == "" {
		return nil, ErrNoURL
	}
	if cfg.Room == nil {
		return nil, ErrNoRoom
	}
	if cfg.API == nil {
		api, err := NewAPI(webrtc.SettingEngine{})
		if err != nil {
			return nil, err
		}
		cfg.API = api
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = defaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = defaultMaxBackoff
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Egress{cfg: cfg, log: logger.With("room", cfg.Room.Name(), "whip", cfg.URL)}, nil
}

// NewAPI builds an API for egress: H.264 and Opus, NACK responses and RTCP reports, and the
// network settings of se.
func NewAPI(se webrtc.SettingEngine) (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		return nil, fmt.Errorf("whip: register codecs: %w", err)
	}
	reg := &interceptor.Registry{}
	if err := webrtc.ConfigureNack(me, reg); err != nil {
		return nil, fmt.Errorf("whip: configure nack: %w", err)
	}
	if err := webrtc.ConfigureRTCPReports(reg); err != nil {
		return nil, fmt.Errorf("whip: configure rtcp reports: %w", err)
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(reg),
		webrtc.WithSettingEngine(se)), nil
}

// Stats returns the egress's state and counters.
func (e *Egress) Stats() Stats {
	return Stats{
		Connected: e.connected.Load(), Attempts: e.attempts.Load(), Sessions: e.sessions.Load(),
	}
}

// Run pushes the room until ctx ends, then ends the session with a DELETE and returns nil.
func (e *Egress) Run(ctx context.Context) error {
	wait := e.cfg.MinBackoff
	for {
		connected, err := e.push(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if connected {
			wait = e.cfg.MinBackoff
		}
		e.log.Warn("whip push stopped, retrying", "err", err, "in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		wait = nextBackoff(wait, e.cfg.MaxBackoff)
	}
}

// nextBackoff doubles wait up to limit.
func nextBackoff(wait, limit time.Duration) time.Duration {
	return min(2*wait, limit)
}
