package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

// soakConfig says how long and how hard `zhubo bench soak` loads a server.
type soakConfig struct {
	Duration time.Duration
	// Viewers is the steady WHEP crowd; each viewer leaves and comes back.
	Viewers int
	// Events is the chat events published per second.
	Events float64
	// Faults is "random" (every kind, shuffled), "none", or a comma-separated
	// list of kinds fired in that order, round and round.
	Faults string
	// Every is the period of the one-line progress reports.
	Every time.Duration
	// Seed makes the run's choices repeatable.
	Seed uint64
	// Warmup is when the faults begin; Cooldown is the quiet tail with no
	// faults before the end. Both are derived when zero. The baseline
	// memory is taken later, once every first viewer has left (baseline).
	Warmup, Cooldown time.Duration
	// FaultGap is the mean time between faults; derived when zero.
	FaultGap time.Duration
	// MemProfile, when set, is where the heap profile at the end of the load
	// goes; the one at the baseline goes to MemProfile + ".baseline".
	MemProfile string
	// Rounds, when positive, stops the faults after that many passes through
	// the deck.
	Rounds int
}

// withDefaults fills the derived phases: a warm-up of a sixth of the run (at
// most 5 min), a fault-free tail of an eighth (5 s to 1 min) and a fault
// every ~1/40 of the window between them.
func (c soakConfig) withDefaults() soakConfig {
	if c.Every <= 0 {
		c.Every = time.Minute
	}
	if c.Seed == 0 {
		c.Seed = uint64(time.Now().UnixNano())
	}
	if c.Warmup <= 0 {
		c.Warmup = min(max(c.Duration/6, 3*time.Second), 5*time.Minute)
	}
	if c.Cooldown <= 0 {
		c.Cooldown = min(max(c.Duration/8, 5*time.Second), time.Minute)
	}
	if c.FaultGap <= 0 {
		window := c.Duration - c.Warmup - c.Cooldown
		c.FaultGap = min(max(window/40, 500*time.Millisecond), time.Minute)
	}
	return c
}

// benchSoak parses the flags of `zhubo bench soak` and runs it.
func benchSoak(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c soakConfig
	fs.DurationVar(&c.Duration, "duration", time.Hour, "how long to run")
	fs.IntVar(&c.Viewers, "viewers", 200, "WHEP viewers, each leaving and rejoining")
	fs.Float64Var(&c.Events, "events", 50, "chat events per second")
	fs.StringVar(&c.Faults, "faults", "random", "fault injection: random, none or KIND,...")
	fs.DurationVar(&c.Every, "every", time.Minute, "period of the progress lines")
	fs.Uint64Var(&c.Seed, "seed", 0, "seed of the run's choices (default: the clock)")
	fs.StringVar(&c.MemProfile, "memprofile", "", "write a heap profile at the end to this file, and one at the baseline to FILE.baseline")
	jsonOut := fs.Bool("json", false, "print one JSON object on the last line")
	verbose := fs.Bool("v", false, "print the server's warnings and errors on stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := faultDeck(c.Faults); err != nil || c.Duration <= 0 || c.Viewers < 0 ||
		c.Events < 0 {
		fmt.Fprintf(stderr, "zhubo bench soak: need --duration > 0, --viewers >= 0, "+
			"--events >= 0, --faults random|none|KIND,... (kinds: %s)\n",
			strings.Join(allFaults, ", "))
		return 2
	}
	counter := newLogCounter(stderr, *verbose)
	slog.SetDefault(slog.New(counter))
	rep, err := runSoak(ctx, c, slog.New(counter), counter, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo bench soak: %v\n", err)
		return 1
	}
	if err := rep.write(stdout, *jsonOut); err != nil {
		fmt.Fprintf(stderr, "zhubo bench soak: %v\n", err)
		return 1
	}
	if len(rep.Missed) > 0 {
		return 1
	}
	return 0
}

// soak is one run: the server under load and the parts that load it.
type soak struct {
	cfg   soakConfig
	srv   *Server
	llm   *llmFaults
	fake  *fakellm.Server
	tts   *ttsFaults
	tally *tally
	logs  *logCounter
	pool  *viewerPool
	air   *airWatch
	began time.Time
	// warmMem and endMem are the memory windows after the warm-up and at
	// the end, sampled last at lastMem into the run; watch alone uses them.
	warmMem, endMem memWindow
	lastMem         time.Duration
	outMu           sync.Mutex // guards out
	out             io.Writer
	mu              sync.Mutex // guards rnd, lastFault and faultAt
	rnd             *rand.Rand
	// lastFault is the latest fault fired, at faultAt.
	lastFault string
	faultAt   time.Time
	wg        sync.WaitGroup
	roomID    string
}

// runSoak starts a server as `zhubo serve` does, with a fake LLM and a
// stand-in espeak-ng that faults on demand, loads it for c.Duration and
// returns the report. Progress lines go to out every c.Every.
func runSoak(ctx context.Context, c soakConfig, log *slog.Logger, logs *logCounter,
	out io.Writer) (*soakReport, error) {
	c = c.withDefaults()
	goroutines := runtime.NumGoroutine()
	start := sampleMemory()
	s := &soak{cfg: c, tally: newTally(), logs: logs, out: out, roomID: "demo",
		rnd: rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))}
	defer s.close()
	if err := s.startServer(ctx, log); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "soak: %v, %d viewers, %.0f events/s, faults %s, seed %d, server %s\n",
		c.Duration, c.Viewers, c.Events, c.Faults, c.Seed, s.srv.BaseURL())
	rep, err := s.run(ctx, start, goroutines)
	if err != nil {
		return nil, err
	}
	s.close()
	rep.GoroutinesEnd = settledGoroutines(rep.GoroutinesStart)
	rep.judge()
	return rep, nil
}

// startServer runs the fake LLM, the stand-in TTS and the server.
func (s *soak) startServer(ctx context.Context, log *slog.Logger) error {
	tts, err := newTTSFaults()
	if err != nil {
		return err
	}
	s.tts = tts
	s.llm = newLLMFaults()
	s.fake = fakellm.New(s.llm.script)
	store, err := os.MkdirTemp("", "zhubo-soak-nats-")
	if err != nil {
		return fmt.Errorf("soak: nats store: %w", err)
	}
	s.tts.cleanup = append(s.tts.cleanup, store)
	cfg := configs.Default()
	cfg.HTTP.Listen = "127.0.0.1:0"
	cfg.NATS.Listen = "127.0.0.1:0"
	cfg.NATS.StoreDir = store
	cfg.WebRTC.IncludeLoopback = true
	cfg.LLM = configs.LLM{BaseURL: s.fake.URL(), Model: "soak-fake", APIKey: "soak"}
	cfg.TTS.Binary = s.tts.binary
	cfg.Log.Level = "warn"
	srv, err := NewServer(cfg, log)
	if err != nil {
		return err
	}
	if err := srv.Start(ctx); err != nil {
		srv.Close()
		return fmt.Errorf("soak: start server: %w", err)
	}
	s.srv = srv
	return nil
}

// close stops whatever is still running; safe to call more than once.
func (s *soak) close() {
	if s.srv != nil {
		s.srv.Close()
	}
	if s.fake != nil {
		s.fake.Close()
		s.fake = nil
	}
	if s.tts != nil {
		s.tts.close()
	}
}

// printf writes one line of progress; the load's goroutines share out.
func (s *soak) printf(format string, args ...any) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	fmt.Fprintf(s.out, "soak %s "+format+"\n",
		append([]any{time.Since(s.began).Round(time.Second)}, args...)...)
}

// noteFault records and prints a fault as it fires.
func (s *soak) noteFault(kind string) {
	s.mu.Lock()
	s.lastFault, s.faultAt = kind, time.Now()
	s.mu.Unlock()
	s.tally.add(groupFault, kind, 1)
	s.printf("fault %s", kind)
}

// sinceFault names the latest fault and how long ago it fired.
func (s *soak) sinceFault() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastFault == "" {
		return "no fault yet"
	}
	return fmt.Sprintf("last fault %s %s ago", s.lastFault,
		time.Since(s.faultAt).Round(time.Second))
}

// intn draws from the run's seeded source, shared by the load's goroutines.
func (s *soak) intn(n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rnd.IntN(n)
}

// between draws a duration uniformly from [lo, hi).
func (s *soak) between(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return lo + time.Duration(s.rnd.Int64N(int64(hi-lo)))
}

// sleep waits d or until ctx ends, reporting whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
