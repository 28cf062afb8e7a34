package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
	"github.com/zhubo-live/zhubo/interaction/ingest"
	"github.com/zhubo-live/zhubo/interaction/intent"
	"github.com/zhubo-live/zhubo/interaction/livefeed"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/stream/relay"
)

// Server is one zhubo process: its bus, its rooms and its web server.
// Start brings the parts up in dependency order; Close takes them down in reverse.
type Server struct {
	cfg             configs.Config
	log             *slog.Logger
	tokensGenerated bool

	embedded *bus.Embedded
	nc       *nats.Conn
	api      *webrtc.API
	relay    *relay.Relay
	ingest   *ingest.Ingest
	console  *console.Handler
	feed     *livefeed.Feed
	// personalizer is shared by the rooms: one circuit breaker per endpoint.
	personalizer personalize.Personalizer
	rooms        []*room
	ln           net.Listener
	http         *http.Server

	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// NewServer prepares a Server for cfg; nothing runs until Start.
func NewServer(cfg configs.Config, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, log: log}
	if s.cfg.Console.Token == "" {
		s.cfg.Console.Token = newToken()
		s.tokensGenerated = true
	}
	if s.cfg.Console.ModeratorToken == "" {
		s.cfg.Console.ModeratorToken = newToken()
		s.tokensGenerated = true
	}
	return s, nil
}

// Start runs the bus, the interaction layer, every room and the web server.
func (s *Server) Start(ctx context.Context) error {
	ctx, s.cancel = context.WithCancel(ctx)
	if err := s.startBus(); err != nil {
		return err
	}
	if err := s.startIngest(ctx); err != nil {
		return err
	}
	p, err := personalize.New(personalize.LLMConfig{
		BaseURL: s.cfg.LLM.BaseURL, Model: s.cfg.LLM.Model, APIKey: s.cfg.LLM.APIKey,
		Logger: s.log, Registerer: prometheus.DefaultRegisterer,
	})
	if err != nil {
		return fmt.Errorf("llm: %w", err)
	}
	s.personalizer = p
	api, err := relay.NewAPI(relay.NetConfig{
		UDPPort:         s.cfg.WebRTC.UDPPort,
		IncludeLoopback: s.cfg.WebRTC.IncludeLoopback,
		NAT1To1IPs:      s.cfg.WebRTC.NAT1To1IPs,
	})
	if err != nil {
		return fmt.Errorf("webrtc: %w", err)
	}
	s.api = api
	s.relay = relay.New()
	for _, rc := range s.cfg.Rooms {
		r, err := s.startRoom(ctx, rc)
		if err != nil {
			return fmt.Errorf("room %s: %w", rc.Name, err)
		}
		s.rooms = append(s.rooms, r)
	}
	if err := s.startConsole(); err != nil {
		return err
	}
	return s.startHTTP()
}

func (s *Server) startConsole() error {
	h, err := console.NewHandler(console.Config{
		Conn:           s.nc,
		OperatorToken:  s.cfg.Console.Token,
		ModeratorToken: s.cfg.Console.ModeratorToken,
		AllowedOrigins: s.cfg.HTTP.AllowedOrigins,
		Rooms:          func(name string) bool { return slices.Contains(s.Rooms(), name) },
		Logger:         s.log,
	})
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	s.console = h
	feed, err := livefeed.New(livefeed.Config{Conn: s.nc, Logger: s.log,
		Rooms: func(name string) bool { return slices.Contains(s.Rooms(), name) }})
	if err != nil {
		return err
	}
	s.feed = feed
	return nil
}

func (s *Server) startBus() error {
	url := s.cfg.NATS.URL
	if url == "" {
		host, port, _ := net.SplitHostPort(s.cfg.NATS.Listen)
		p, err := strconv.Atoi(port)
		if err != nil {
			return fmt.Errorf("nats.listen %q: %w", s.cfg.NATS.Listen, err)
		}
		if p == 0 {
			p = -1
		}
		ec := bus.DefaultEmbeddedConfig()
		ec.Host, ec.Port = host, p
		if s.cfg.NATS.StoreDir != "" {
			ec.StoreDir = s.cfg.NATS.StoreDir
		}
		e, err := bus.StartEmbedded(ec)
		if err != nil {
			return err
		}
		s.embedded, url = e, e.URL()
		s.log.Info("embedded nats started", "url", url, "store", ec.StoreDir)
	}
	nc, err := bus.Connect(url, "zhubo")
	if err != nil {
		return err
	}
	s.nc = nc
	return nil
}

func (s *Server) startIngest(ctx context.Context) error {
	cls, err := intent.Parse(configs.Intents())
	if err != nil {
		return fmt.Errorf("intent lexicon: %w", err)
	}
	var rooms []string
	for _, r := range s.cfg.Rooms {
		rooms = append(rooms, r.Name)
	}
	in, err := ingest.New(ingest.Config{Conn: s.nc, Classifier: cls, Logger: s.log,
		Rooms: rooms, ThanksIntents: true})
	if err != nil {
		return err
	}
	s.ingest = in
	s.goRun("ingest", func() error { return in.Run(ctx) })
	if err := waitReady(ctx, in.Ready()); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	return nil
}

func (s *Server) startHTTP() error {
	ln, err := net.Listen("tcp", s.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http listen %s: %w", s.cfg.HTTP.Listen, err)
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.goRun("http", func() error {
		if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	s.log.Info("http listening", "addr", ln.Addr().String())
	return nil
}

// goRun starts a goroutine that the Server owns and waits for in Close.
func (s *Server) goRun(name string, f func() error) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := f(); err != nil {
			s.log.Error("component stopped", "component", name, "err", err)
		}
	}()
}

// Close stops the web server, the rooms, the interaction layer and the bus,
// in that order; safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		if s.feed != nil {
			s.feed.Close()
		}
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.http.Shutdown(ctx)
			cancel()
		}
		if s.console != nil {
			_ = s.console.Close()
		}
		if s.cancel != nil {
			s.cancel()
		}
		if s.relay != nil {
			_ = s.relay.Close()
		}
		s.wg.Wait()
		for _, r := range s.rooms {
			r.close()
		}
		if s.nc != nil {
			_ = s.nc.Drain()
		}
		if s.embedded != nil {
			s.embedded.Close()
		}
	})
}

// Addr is the web server's listen address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// BaseURL is a URL a browser on this machine can open.
func (s *Server) BaseURL() string {
	_, port, _ := net.SplitHostPort(s.Addr())
	return "http://localhost:" + port
}

// NATSURL is the bus the rooms use.
func (s *Server) NATSURL() string { return s.nc.ConnectedUrl() }

// Rooms lists the running rooms' names.
func (s *Server) Rooms() []string {
	names := make([]string, len(s.rooms))
	for i, r := range s.rooms {
		names[i] = r.name
	}
	return names
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
