package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/zhubo-live/zhubo/configs"
)

// runServe runs the configured rooms until ctx is cancelled (SIGINT/SIGTERM).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "configuration file (default: built-in defaults)")
	httpAddr := fs.String("http", "", "HTTP listen address (overrides http.listen)")
	natsURL := fs.String("nats", "", "existing NATS server URL (default: embedded server)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := configs.Load(*cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo serve: %v\n", err)
		return 2
	}
	if *httpAddr != "" {
		cfg.HTTP.Listen = *httpAddr
	}
	if *natsURL != "" {
		cfg.NATS.URL = *natsURL
	}
	log := newLogger(stderr, cfg.Log)
	slog.SetDefault(log)

	srv, err := NewServer(cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo serve: %v\n", err)
		return 1
	}
	if err := srv.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "zhubo serve: %v\n", err)
		srv.Close()
		return 1
	}
	printWelcome(stdout, srv)
	<-ctx.Done()
	log.Info("shutting down; a second signal exits at once")
	stopSignals := exitOnSecondSignal(log, os.Exit)
	defer stopSignals()
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		log.Error("shutdown took longer than 5s; exiting")
		return 1
	}
	return 0
}

// exitOnSecondSignal ends the process with exit(1) when SIGINT or SIGTERM arrives
// while it drains; the returned func stops listening.
func exitOnSecondSignal(log *slog.Logger, exit func(int)) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	quit := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			log.Error("second signal: exiting without a clean shutdown", "signal", s.String())
			exit(1)
		case <-quit:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
	}
}

func newLogger(w io.Writer, c configs.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// printWelcome tells the person who started the server where to look.
func printWelcome(w io.Writer, s *Server) {
	base := s.BaseURL()
	var b strings.Builder
	fmt.Fprintf(&b, "\nzhubo is live.\n")
	for _, r := range s.Rooms() {
		fmt.Fprintf(&b, "  viewer page   %s/rooms/%s\n", base, r)
	}
	fmt.Fprintf(&b, "  NATS          %s\n", s.NATSURL())
	if s.tokensGenerated {
		first := s.Rooms()[0]
		fmt.Fprintf(&b, "  operator      %s/console/%s?token=%s\n", base, first, s.cfg.Console.Token)
		fmt.Fprintf(&b, "  moderator     %s/console/%s?token=%s\n", base, first,
			s.cfg.Console.ModeratorToken)
	}
	fmt.Fprintf(&b, "  try           zhubo chat --room %s --user 小美 这个适合干皮吗\n\n", s.Rooms()[0])
	io.WriteString(w, b.String())
}
