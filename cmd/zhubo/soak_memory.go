package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// memSample is the process's memory at one moment of a soak.
type memSample struct {
	// HeapMB is the live heap right after a collection.
	HeapMB float64 `json:"heap_mb"`
	// RSSMB is the resident set size once the runtime has returned its free
	// memory to the system; 0 where /proc is missing.
	RSSMB float64 `json:"rss_mb"`
}

// sampleMemory collects garbage and returns the free memory to the system,
// then reads the live heap and the RSS. Without the return, the RSS moves
// with when the runtime's scavenger last ran (by a hundred megabytes in a
// loaded minute), not with what the process holds.
func sampleMemory() memSample {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memSample{HeapMB: float64(ms.HeapAlloc) / (1 << 20), RSSMB: rssMB()}
}

// rssMB reads VmRSS from /proc/self/status.
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return 0
		}
		return kb / 1024
	}
	return 0
}

// growthPct is how much later grew over base, in percent.
func growthPct(base, later float64) float64 {
	if base <= 0 {
		return 0
	}
	return (later - base) / base * 100
}

// goroutineSlack is how many goroutines above the start count a soak may end
// with: the runtime's and the HTTP client's own come and go.
const goroutineSlack = 5

// settledGoroutines waits up to 10 s for the goroutine count to fall back to
// within goroutineSlack of start, and returns the count it settled at.
func settledGoroutines(start int) int {
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= start+goroutineSlack || time.Now().After(deadline) {
			return n
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// writeHeapProfile writes the heap profile to path; an empty path writes nothing.
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

// memWindow keeps the lowest heap and RSS sampled over a window of the run.
// A single sample after a collection still holds whatever was in flight at
// that moment (frames queued for viewers, a chat burst being merged); what a
// leak raises is the floor under those samples.
type memWindow struct {
	low memSample
	n   int
}

func (w *memWindow) add(m memSample) {
	if w.n == 0 || m.HeapMB < w.low.HeapMB {
		w.low.HeapMB = m.HeapMB
	}
	if w.n == 0 || m.RSSMB < w.low.RSSMB {
		w.low.RSSMB = m.RSSMB
	}
	w.n++
}

// floor is the lowest of the window's samples; zero when it has none.
func (w *memWindow) floor() memSample { return w.low }

// baseline is when the warm memory window opens: after the warm-up and
// after the longest first stay, so that the crowd has turned over once and
// viewers leaving, vanishing and rejoining are part of what the baseline
// holds. Before that, the memory only the churn brings would pass for growth.
func (c soakConfig) baseline() time.Duration {
	_, hi := c.stays()
	return max(c.Warmup, c.Warmup/2+hi)
}

// memWindowLen is the length of the memory windows: a minute, or a quarter
// of the run after the baseline when that is shorter.
func (c soakConfig) memWindowLen() time.Duration {
	return min(time.Minute, max((c.Duration-c.baseline())/4, time.Second))
}

// sampleWindows samples memory, six times a window, while the run is in the
// window that opens at the baseline or in the one that ends the run.
func (s *soak) sampleWindows(at time.Duration, rep *soakReport) {
	w, base := s.cfg.memWindowLen(), s.cfg.baseline()
	every := max(w/6, time.Second)
	if at-s.lastMem < every {
		return
	}
	switch {
	case at >= base && at < base+w:
		s.lastMem = at
		if s.warmMem.n == 0 && s.cfg.MemProfile != "" {
			// The baseline's profile, for `go tool pprof -base` against the end's.
			if err := writeHeapProfile(s.cfg.MemProfile + ".baseline"); err != nil {
				s.tally.add(groupError, err.Error(), 1)
			}
		}
		s.warmMem.add(sampleMemory())
	case at >= s.cfg.Duration-w && at >= base+w:
		s.lastMem = at
		s.endMem.add(sampleMemory())
	}
}
