package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSoakSurvivesFaults runs a short soak with a NATS restart, then an
// espeak-ng crash and LLM 5xx answers: the report must show the faults fired
// and hit, and the show going on after them for viewers who kept receiving video.
func TestSoakSurvivesFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 s soak")
	}
	// The quiet tail is longer than any line, so one starts in it.
	cfg := soakConfig{Duration: 20 * time.Second, Viewers: 3, Events: 20,
		Faults: "nats_restart,tts_crash,llm_5xx", Every: 4 * time.Second, Seed: 7,
		Warmup: 2 * time.Second, Cooldown: 10 * time.Second, FaultGap: 500 * time.Millisecond,
		Rounds: 1, MemProfile: filepath.Join(t.TempDir(), "soak.heap")}
	var out bytes.Buffer
	logs := newLogCounter(io.Discard, false)
	rep, err := runSoak(t.Context(), cfg, slog.New(logs), logs, &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.write(&out, true); err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	for _, path := range []string{cfg.MemProfile + ".baseline", cfg.MemProfile} {
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("heap profile %s: %v", filepath.Base(path), err)
		}
	}

	if rep.Faults[faultNATSRestart] != 1 {
		t.Errorf("nats restarts: %d, want 1", rep.Faults[faultNATSRestart])
	}
	if rep.NATSReconnects == 0 {
		t.Error("the server never reconnected to its bus")
	}
	// The faults after the restart may be cut short by the cool-down on a
	// slow machine; one of them must have hit a request.
	if rep.FaultHits[faultTTSCrash]+rep.FaultHits[faultLLM5xx] == 0 {
		t.Errorf("faults that hit: %v, want tts_crash or llm_5xx", rep.FaultHits)
	}
	if !rep.RoomRunning || rep.LinesAfterFaults == 0 {
		t.Errorf("after the faults: room running %v, %d lines", rep.RoomRunning,
			rep.LinesAfterFaults)
	}
	if rep.Frames == 0 || rep.ViewersEnd == 0 || rep.Sessions["joined"] < 3 {
		t.Errorf("viewers: %d frames, %d connected at the end, sessions %v", rep.Frames,
			rep.ViewersEnd, rep.Sessions)
	}
	checkSoakCounts(t, rep)
	checkSoakJSON(t, out.String(), rep)
}

// checkSoakCounts checks that the load was counted on both sides.
func checkSoakCounts(t *testing.T, rep *soakReport) {
	t.Helper()
	sent, want := float64(sumCounts(rep.Events)), 20*rep.DurationS
	if sent < want*2/3 || sent > want*1.07 {
		t.Errorf("%.0f events sent in %.0f s at 20/s", sent, rep.DurationS)
	}
	if sumCounts(rep.Rejected) == 0 {
		t.Errorf("no malformed event rejected; sent %v", rep.Events)
	}
	if rep.Lines["total"] == 0 || rep.Cues["sent"] == 0 {
		t.Errorf("lines %v, cues %v", rep.Lines, rep.Cues)
	}
	if rep.Start.HeapMB <= 0 || rep.End.HeapMB <= rep.Start.HeapMB || rep.End.RSSMB <= 0 {
		t.Errorf("memory start %+v end %+v", rep.Start, rep.End)
	}
	if rep.ServerFrames == 0 || rep.DeadAirS < 0 {
		t.Errorf("on air: %d frames, %.1f s dead air", rep.ServerFrames, rep.DeadAirS)
	}
	if rep.Answers == 0 || rep.VoiceQueueMax > targetVoiceQueue {
		t.Errorf("%d answers started; voice queue at most %d lines (target %d)",
			rep.Answers, rep.VoiceQueueMax, targetVoiceQueue)
	}
	if rep.GoroutinesPeak <= rep.GoroutinesStart {
		t.Errorf("goroutines: %d at start, %d loaded", rep.GoroutinesStart, rep.GoroutinesPeak)
	}
}

// checkSoakJSON checks the last line is the report in JSON, its verdict included.
func checkSoakJSON(t *testing.T, out string, rep *soakReport) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line is not JSON: %v", err)
	}
	for _, k := range []string{"dead_air_spans", "heap_growth_pct", "rss_growth_pct",
		"goroutines_end", "faults", "errors", "missed", "loss", "frames", "answer_wait_p99_s",
		"voice_queue_max"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON report has no %q", k)
		}
	}
	if (len(rep.Missed) == 0) != strings.Contains(out, "PASS") {
		t.Errorf("verdict printed does not match missed %v", rep.Missed)
	}
}

func TestSoakFlags(t *testing.T) {
	for _, args := range [][]string{{"--faults", "meteor"}, {"--duration", "0s"},
		{"--viewers", "-1"}} {
		var out, errb bytes.Buffer
		if code := benchSoak(t.Context(), args, &out, &errb); code != 2 {
			t.Errorf("bench soak %v: exit %d, want 2", args, code)
		}
	}
	if d, err := faultDeck("llm_cut,nats_restart"); err != nil || len(d) != 2 {
		t.Errorf("faultDeck: %v, %v", d, err)
	}
}

// TestSoakBaselineFollowsTheFirstCrowd checks that the baseline memory is
// taken once every first viewer has left, not while the crowd is still in
// its first stay: for an hour, the ramp of 2.5 min plus the longest stay.
func TestSoakBaselineFollowsTheFirstCrowd(t *testing.T) {
	for _, tt := range []struct {
		cfg        soakConfig
		base, hold time.Duration
	}{
		{soakConfig{Duration: time.Hour}, 17*time.Minute + 30*time.Second, time.Minute},
		{soakConfig{Duration: 15 * time.Second, Warmup: 2 * time.Second, Cooldown: 5 * time.Second},
			7 * time.Second, 2 * time.Second},
	} {
		c := tt.cfg.withDefaults()
		_, longest := c.stays()
		if got := c.baseline(); got != tt.base || got < c.Warmup/2+longest {
			t.Errorf("%v run: baseline at %v, want %v (longest stay %v)", c.Duration, got,
				tt.base, longest)
		}
		if w := c.memWindowLen(); w != tt.hold || c.baseline()+2*w > c.Duration {
			t.Errorf("%v run: memory windows of %v, want %v, both inside the run",
				c.Duration, w, tt.hold)
		}
	}
}
