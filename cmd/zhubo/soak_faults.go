package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

// The faults a soak injects, one at a time, in a shuffled deck.
const (
	faultLLMTimeout  = "llm_timeout"  // no first token within the personalizer's limit
	faultLLM5xx      = "llm_5xx"      // 503 answers
	faultLLMGarbage  = "llm_garbage"  // a stream of broken JSON without [DONE]
	faultLLMSlow     = "llm_slow"     // tokens trickling past the total limit
	faultLLMCut      = "llm_cut"      // the connection cut after the first chunk
	faultTTSHang     = "tts_hang"     // espeak-ng never returns
	faultTTSCrash    = "tts_crash"    // espeak-ng dies of SIGSEGV
	faultNATSRestart = "nats_restart" // the embedded nats-server stops and starts again
	faultViewerStorm = "viewer_storm" // a crowd joins at once and vanishes without DELETE
)

var allFaults = []string{faultLLMTimeout, faultLLM5xx, faultLLMGarbage, faultLLMSlow,
	faultLLMCut, faultTTSHang, faultTTSCrash, faultNATSRestart, faultViewerStorm}

// llmFaults is the fake LLM's script: a healthy model (fakellm.Echo) unless
// a fault is armed.
type llmFaults struct {
	healthy fakellm.Script
	mu      sync.Mutex // guards mode and hits
	mode    string
	hits    map[string]uint64
}

func newLLMFaults() *llmFaults {
	return &llmFaults{healthy: fakellm.Echo(30 * time.Millisecond), hits: map[string]uint64{}}
}

// arm makes the following requests fail as mode says; "" heals.
func (l *llmFaults) arm(mode string) {
	l.mu.Lock()
	l.mode = mode
	l.mu.Unlock()
}

func (l *llmFaults) hitCounts() map[string]uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]uint64, len(l.hits))
	for k, v := range l.hits {
		out[k] = v
	}
	return out
}

func (l *llmFaults) script(n int, req openai.ChatCompletionRequest) fakellm.Reply {
	l.mu.Lock()
	mode := l.mode
	if mode != "" {
		l.hits[mode]++
	}
	l.mu.Unlock()
	reply := l.healthy(n, req)
	switch mode {
	case faultLLMTimeout:
		reply.FirstDelay = 20 * time.Second
	case faultLLM5xx:
		return fakellm.Reply{Status: http.StatusServiceUnavailable}
	case faultLLMGarbage:
		return fakellm.Reply{Raw: []string{`{"choices":[{"delta":{"content":`, "\x00\xff垃圾"},
			Finish: "-", NoDone: true}
	case faultLLMSlow:
		reply.Chunks = fakellm.Chunks(strings.Join(reply.Chunks, ""), 1)
		reply.Delay = 700 * time.Millisecond
	case faultLLMCut:
		reply.CutAfter = 1
	}
	return reply
}

// ttsFaults is a stand-in espeak-ng: a shell script that hangs or crashes
// while a flag file says so, and otherwise runs the real espeak-ng.
type ttsFaults struct {
	dir     string
	binary  string
	cleanup []string // directories removed by close
}

// ttsStandIn is the stand-in's text: %[1]s is its directory, %[2]s the real espeak-ng.
const ttsStandIn = `#!/bin/sh
if [ -e '%[1]s/hang' ]; then echo hang >> '%[1]s/hits'; exec sleep 3600; fi
if [ -e '%[1]s/crash' ]; then echo crash >> '%[1]s/hits'; kill -SEGV $$; fi
exec '%[2]s' "$@"
`

func newTTSFaults() (*ttsFaults, error) {
	real, err := exec.LookPath("espeak-ng")
	if err != nil {
		return nil, fmt.Errorf("soak: espeak-ng not found (apt-get install espeak-ng): %w", err)
	}
	dir, err := os.MkdirTemp("", "zhubo-soak-tts-")
	if err != nil {
		return nil, fmt.Errorf("soak: tts stand-in: %w", err)
	}
	bin := filepath.Join(dir, "espeak-ng")
	script := fmt.Sprintf(ttsStandIn, dir, real)
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("soak: tts stand-in: %w", err)
	}
	return &ttsFaults{dir: dir, binary: bin, cleanup: []string{dir}}, nil
}

// arm makes the stand-in hang or crash ("hang", "crash") until disarmed.
func (f *ttsFaults) arm(mode string) error {
	return os.WriteFile(filepath.Join(f.dir, mode), nil, 0o644)
}

func (f *ttsFaults) disarm() {
	_ = os.Remove(filepath.Join(f.dir, "hang"))
	_ = os.Remove(filepath.Join(f.dir, "crash"))
}

// hitCounts counts the syntheses that hung or crashed.
func (f *ttsFaults) hitCounts() map[string]uint64 {
	data, _ := os.ReadFile(filepath.Join(f.dir, "hits"))
	out := map[string]uint64{}
	for _, l := range strings.Fields(string(data)) {
		out["tts_"+l]++
	}
	return out
}

func (f *ttsFaults) close() {
	f.disarm()
	for _, d := range f.cleanup {
		_ = os.RemoveAll(d)
	}
	f.cleanup = nil
}

// faultDeck reads --faults: nil for "none", every kind for "random", or the
// kinds listed.
func faultDeck(spec string) ([]string, error) {
	switch spec {
	case "none":
		return nil, nil
	case "random":
		return allFaults, nil
	}
	kinds := strings.Split(spec, ",")
	for _, k := range kinds {
		if !slices.Contains(allFaults, k) {
			return nil, fmt.Errorf("soak: fault %q: %w", k, errUnknownFault)
		}
	}
	return kinds, nil
}

// errUnknownFault marks a --faults kind the soak cannot inject.
var errUnknownFault = errors.New("unknown fault kind")

// inject fires faults one at a time at random moments until ctx ends, and
// leaves everything healthy when it returns. With "random" each round of the
// deck is shuffled; a listed deck fires in its order.
func (s *soak) inject(ctx context.Context) {
	kinds, _ := faultDeck(s.cfg.Faults)
	if len(kinds) == 0 {
		return
	}
	var deck []string
	rounds := 0
	for {
		if !sleep(ctx, s.between(s.cfg.FaultGap/2, s.cfg.FaultGap*3/2)) {
			return
		}
		if len(deck) == 0 {
			if s.cfg.Rounds > 0 && rounds == s.cfg.Rounds {
				return
			}
			rounds++
			deck = append(deck, kinds...)
			for i := len(deck) - 1; i > 0 && s.cfg.Faults == "random"; i-- {
				j := s.intn(i + 1)
				deck[i], deck[j] = deck[j], deck[i]
			}
		}
		kind := deck[0]
		deck = deck[1:]
		s.noteFault(kind)
		if err := s.fire(ctx, kind); err != nil {
			s.tally.add(groupError, "fault "+kind+": "+err.Error(), 1)
		}
	}
}

// fire injects one fault and heals it after a while, or when ctx ends. The
// hold lasts at least until the fault had a chance to hit.
func (s *soak) fire(ctx context.Context, kind string) error {
	hold := s.between(s.cfg.FaultGap, 2*s.cfg.FaultGap)
	armed := ctx
	ctx = context.WithoutCancel(ctx)
	switch kind {
	case faultTTSHang, faultTTSCrash:
		return s.ttsFault(armed, kind)
	case faultNATSRestart:
		down := min(max(s.between(s.cfg.FaultGap, 3*s.cfg.FaultGap), time.Second), 5*time.Second)
		return s.restartNATS(ctx, down)
	case faultViewerStorm:
		s.pool.storm(armed, max(10, s.cfg.Viewers/4), hold)
	default:
		s.llm.arm(kind)
		sleep(armed, max(hold, 3*time.Second))
		s.llm.arm("")
	}
	return nil
}

// restartNATS stops the embedded nats-server, keeps it down for down, and
// starts it again on the same port and store, as an operator's restart does.
func (s *soak) restartNATS(ctx context.Context, down time.Duration) error {
	old := s.srv.embedded
	_, portText, err := net.SplitHostPort(old.Server().Addr().String())
	if err != nil {
		return fmt.Errorf("nats port: %w", err)
	}
	port, _ := strconv.Atoi(portText)
	old.Close()
	sleep(ctx, down)
	deadline := time.Now().Add(15 * time.Second)
	for {
		e, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: port,
			StoreDir: s.srv.cfg.NATS.StoreDir})
		if err == nil {
			s.srv.embedded = e
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("restart nats on port %d: %w", port, err)
		}
		sleep(ctx, 500*time.Millisecond)
	}
}

// ttsFault arms the stand-in until one synthesis has hung or crashed, 20 s
// have passed or ctx ends: each hang costs the engine its whole timeout.
func (s *soak) ttsFault(ctx context.Context, kind string) error {
	before := s.tts.hitCounts()[kind]
	if err := s.tts.arm(strings.TrimPrefix(kind, "tts_")); err != nil {
		return err
	}
	defer s.tts.disarm()
	deadline := time.Now().Add(20 * time.Second)
	for s.tts.hitCounts()[kind] == before && time.Now().Before(deadline) {
		if !sleep(ctx, 100*time.Millisecond) {
			return nil
		}
	}
	return nil
}
