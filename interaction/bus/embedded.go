package bus

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// EmbeddedConfig configures the in-process nats-server of a single-process deployment.
type EmbeddedConfig struct {
	// Host and Port to listen on; Port -1 picks a free port (tests).
	Host string
	Port int
	// StoreDir holds JetStream data; empty disables JetStream.
	StoreDir string
	// ReadyTimeout bounds the wait for the server to accept clients.
	ReadyTimeout time.Duration
}

// DefaultEmbeddedConfig is the embedded server of `zhubo serve` with no flags.
func DefaultEmbeddedConfig() EmbeddedConfig {
	return EmbeddedConfig{
		Host:         "127.0.0.1",
		Port:         4222,
		StoreDir:     filepath.Join(os.TempDir(), "zhubo-nats"),
		ReadyTimeout: 5 * time.Second,
	}
}

// Embedded is a nats-server running inside this process.
type Embedded struct {
	srv *server.Server
}

// StartEmbedded starts an in-process nats-server and waits until it accepts clients.
func StartEmbedded(cfg EmbeddedConfig) (*Embedded, error) {
	if cfg.ReadyTimeout == 0 {
		cfg.ReadyTimeout = 5 * time.Second
	}
	opts := &server.Options{
		ServerName: "zhubo-embedded",
		Host:       cfg.Host,
		Port:       cfg.Port,
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: 1 << 20,
	}
	if cfg.StoreDir != "" {
		opts.JetStream = true
		opts.StoreDir = cfg.StoreDir
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(cfg.ReadyTimeout) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats on %s:%d: %w", cfg.Host, cfg.Port, ErrNotReady)
	}
	return &Embedded{srv: srv}, nil
}

// URL is the client URL of the embedded server.
func (e *Embedded) URL() string { return e.srv.ClientURL() }

// Server exposes the underlying server, for in-process connections and tests.
func (e *Embedded) Server() *server.Server { return e.srv }

// Close shuts the server down and waits for it; safe to call more than once.
func (e *Embedded) Close() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
