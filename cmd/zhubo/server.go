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
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
	"github.com/zhubo-live/zhubo/interaction/ingest"
	"github.com/zhubo-live/zhubo/interaction/intent"
	"github.com/zhubo-live/zhubo/interaction/lease"
	"github.com/zhubo-live/zhubo/interaction/livefeed"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/stream/relay"
)

// maxHeaderBytes caps a request's headers; bodies are capped by each endpoint.
const maxHeaderBytes = 64 << 10

// Server is one zhubo process: its bus, its rooms and its web server.
// Start brings the parts up in dependency order; Close takes them down in reverse.
type Server struct {
	cfg             configs.Config
	log             *slog.Logger
	tokensGenerated bool
	// id names this process in the rooms' leases, unique per start.
	id string

	embedded *bus.Embedded
	nc       *nats.Conn
	api      *webrtc.API
	// iceServers are the STUN and TURN servers offered to viewers and WHIP.
	iceServers []webrtc.ICEServer
	// renderHost shares the painted host between rooms of the same size.
	renderHost *render.Host
	relay      *relay.Relay
	// events serves HTTP ingest; each room runs its own ingest of the bus.
	events     *ingest.Ingest
	classifier *intent.Classifier
	console    *console.Handler
	feed       *livefeed.Feed
	// personalizer is shared by the rooms: one circuit breaker per endpoint.
	personalizer personalize.Personalizer
	// leases and state are nil when the bus has no JetStream: then every room
	// runs here unconditionally.
	leases *lease.Table
	state  *stateStore
	ln     net.Listener
	http   *http.Server

	// runCtx is Start's context; rooms added later live under it.
	runCtx  context.Context
	roomsMu sync.Mutex // guards rooms, names and closing
	rooms   map[string]*roomEntry
	names   []string // rooms in the order they were added
	closing bool

	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// NewServer prepares a Server for cfg; nothing runs until Start.
func NewServer(cfg configs.Config, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, log: log, rooms: map[string]*roomEntry{}}
	if s.cfg.Console.Token == "" {
		s.cfg.Console.Token = newToken()
		s.tokensGenerated = true
	}
	if s.cfg.Console.ModeratorToken == "" {
		s.cfg.Console.ModeratorToken = newToken()
		s.tokensGenerated = true
	}
	host, _ := os.Hostname()
	s.id = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), newToken()[:8])
	return s, nil
}

// Start runs the bus, the interaction layer, the web server and every
// configured room this process can own.
func (s *Server) Start(ctx context.Context) error {
	ctx, s.cancel = context.WithCancel(ctx)
	s.runCtx = ctx
	if err := s.startBus(); err != nil {
		return err
	}
	s.startArchive(ctx)
	if err := s.startInteraction(); err != nil {
		return err
	}
	if err := s.startMedia(); err != nil {
		return err
	}
	if err := s.startConsole(); err != nil {
		return err
	}
	// The listener comes first so that the leases advertise the real port.
	if err := s.listen(); err != nil {
		return err
	}
	s.openLeases(ctx)
	for _, rc := range s.cfg.Rooms {
		if err := s.addRoom(rc); err != nil {
			return fmt.Errorf("room %s: %w", rc.Name, err)
		}
	}
	s.serveHTTP()
	return nil
}

// startInteraction makes the shared parts of the interaction layer: the intent
// classifier, the HTTP ingest and the personalizer.
func (s *Server) startInteraction() error {
	cls, err := intent.Parse(configs.Intents())
	if err != nil {
		return fmt.Errorf("intent lexicon: %w", err)
	}
	s.classifier = cls
	in, err := ingest.New(ingest.Config{Conn: s.nc, Classifier: cls, Logger: s.log})
	if err != nil {
		return err
	}
	s.events = in
	p, err := personalize.New(personalize.LLMConfig{
		BaseURL: s.cfg.LLM.BaseURL, Model: s.cfg.LLM.Model, APIKey: s.cfg.LLM.APIKey,
		Logger: s.log, Registerer: prometheus.DefaultRegisterer,
	})
	if err != nil {
		return fmt.Errorf("llm: %w", err)
	}
	s.personalizer = p
	return nil
}

// startMedia makes the WebRTC API and the relay the rooms' viewers join.
func (s *Server) startMedia() error {
	ice, err := relay.ParseICEServers(s.cfg.WebRTC.ICEServers)
	if err != nil {
		return fmt.Errorf("webrtc.ice_servers: %w", err)
	}
	api, err := relay.NewAPI(relay.NetConfig{
		UDPPort:         s.cfg.WebRTC.UDPPort,
		TCPPort:         s.cfg.WebRTC.TCPPort,
		IncludeLoopback: s.cfg.WebRTC.IncludeLoopback,
		NAT1To1IPs:      s.cfg.WebRTC.NAT1To1IPs,
	})
	if err != nil {
		return fmt.Errorf("webrtc: %w", err)
	}
	s.api, s.iceServers = api, ice
	s.renderHost = render.NewHost()
	s.relay = relay.NewRelay(relay.RelayConfig{MaxViewers: s.cfg.WebRTC.MaxViewersTotal,
		Logger: s.log})
	return nil
}

func (s *Server) startConsole() error {
	h, err := console.NewHandler(console.Config{
		Conn:           s.nc,
		OperatorToken:  s.cfg.Console.Token,
		ModeratorToken: s.cfg.Console.ModeratorToken,
		AllowedOrigins: s.cfg.HTTP.AllowedOrigins,
		Rooms:          s.hasRoom,
		Logger:         s.log,
	})
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	s.console = h
	feed, err := livefeed.New(livefeed.Config{Conn: s.nc, Logger: s.log, Rooms: s.hasRoom})
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

// openLeases opens the rooms' lease table and state store. Without JetStream
// the process runs its rooms without asking anyone.
func (s *Server) openLeases(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	self := lease.Holder{Owner: s.id, HTTP: s.AdvertisedURL()}
	t, err := lease.Open(ctx, lease.Config{Conn: s.nc, TTL: s.cfg.Cluster.LeaseTTL, Self: self})
	if err == nil {
		s.state, err = openStateStore(ctx, s.nc)
	}
	if err != nil {
		s.log.Warn("no room leases: every room runs here", "err", err)
		return
	}
	s.leases = t
	s.log.Info("room leases open", "owner", self.Owner, "http", self.HTTP,
		"ttl", s.cfg.Cluster.LeaseTTL)
}

func (s *Server) listen() error {
	ln, err := net.Listen("tcp", s.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http listen %s: %w", s.cfg.HTTP.Listen, err)
	}
	s.ln = ln
	return nil
}

func (s *Server) serveHTTP() {
	s.http = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	ln := s.ln
	s.goRun("http", func() error {
		if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	s.log.Info("http listening", "addr", ln.Addr().String())
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

// Close stops the web server, the rooms (each releasing its lease), the
// interaction layer and the bus, in that order; safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		if s.feed != nil {
			s.feed.Close()
		}
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.http.Shutdown(ctx)
			cancel()
		} else if s.ln != nil {
			_ = s.ln.Close()
		}
		if s.console != nil {
			_ = s.console.Close()
		}
		s.closeRooms()
		if s.cancel != nil {
			s.cancel()
		}
		if s.relay != nil {
			_ = s.relay.Close()
		}
		s.wg.Wait()
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

// AdvertisedURL is where other processes send this process's viewers.
func (s *Server) AdvertisedURL() string {
	cfg := s.cfg
	if s.ln != nil {
		host, _, _ := net.SplitHostPort(cfg.HTTP.Listen)
		_, port, _ := net.SplitHostPort(s.Addr())
		cfg.HTTP.Listen = net.JoinHostPort(host, port)
	}
	host, _ := os.Hostname()
	return cfg.AdvertisedURL(host)
}

// NATSURL is the bus the rooms use.
func (s *Server) NATSURL() string { return s.nc.ConnectedUrl() }

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
