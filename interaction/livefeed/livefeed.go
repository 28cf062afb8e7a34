// Package livefeed streams a room's public happenings to viewer pages as
// server-sent events: other viewers' comments, the product on air and the
// host's current line. One NATS subscription per room feeds every page, so
// the bus load does not grow with the audience.
package livefeed

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// Item is one message of the feed, the "data" of one server-sent event whose
// "event" is Item.Type.
type Item struct {
	// Type is "comment" or "line".
	Type string `json:"type"`
	// Name and Text of a comment.
	Name string `json:"name,omitempty"`
	Text string `json:"text,omitempty"`
	// Product, ProductName and Price of the line on air.
	Product     string `json:"product,omitempty"`
	ProductName string `json:"product_name,omitempty"`
	Price       string `json:"price,omitempty"`
	Source      string `json:"source,omitempty"`
}

// Config configures a Feed.
type Config struct {
	Conn *nats.Conn
	// Rooms reports whether a room exists.
	Rooms  func(name string) bool
	Logger *slog.Logger
	// MaxClients bounds the pages connected to one process; default 10000.
	MaxClients int
}

// Feed serves GET /api/rooms/{room}/live.
type Feed struct {
	cfg Config
	log *slog.Logger

	// mu guards hubs and clients.
	mu      sync.Mutex
	hubs    map[string]*hub
	clients int
}

// New returns a Feed; it subscribes to a room when its first page connects.
func New(cfg Config) (*Feed, error) {
	if cfg.Conn == nil || cfg.Rooms == nil {
		return nil, fmt.Errorf("livefeed: %w", ErrConfig)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxClients == 0 {
		cfg.MaxClients = 10000
	}
	return &Feed{cfg: cfg, log: cfg.Logger.With("component", "livefeed"), hubs: map[string]*hub{}}, nil
}

// ServeHTTP streams one room's feed until the page goes away.
func (f *Feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	if !f.cfg.Rooms(room) {
		http.Error(w, `{"error":"unknown room"}`, http.StatusNotFound)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, `{"error":"streaming unsupported"}`, http.StatusInternalServerError)
		return
	}
	c, err := f.join(room)
	if err != nil {
		w.Header().Set("Retry-After", "10")
		http.Error(w, `{"error":"too many viewers"}`, http.StatusServiceUnavailable)
		return
	}
	defer f.leave(room, c)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	f.pump(r.Context(), w, flusher, c)
}

// pump writes items to one page, with a comment line every 15 s to keep
// proxies from closing an idle stream.
func (f *Feed) pump(ctx context.Context, w http.ResponseWriter, fl http.Flusher, c *client) {
	keep := time.NewTicker(15 * time.Second)
	defer keep.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case data, ok := <-c.ch:
			if !ok {
				return
			}
			_, err = fmt.Fprintf(w, "data: %s\n\n", data)
		case <-keep.C:
			_, err = fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err != nil {
			return
		}
		fl.Flush()
	}
}

// Close ends every page's stream and unsubscribes; safe to call twice.
func (f *Feed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for name, h := range f.hubs {
		h.close()
		delete(f.hubs, name)
	}
}

func encodeItem(it Item) []byte {
	b, _ := json.Marshal(it)
	return b
}
