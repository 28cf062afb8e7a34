package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRenderJSON(t *testing.T) {
	checkLeaks(t)
	var out bytes.Buffer
	err := Render(t.Context(), RenderConfig{Rooms: 1, Duration: 3 * time.Second,
		Width: 180, Height: 320}, &out, true)
	if err != nil && strings.Contains(err.Error(), "espeak-ng not found") {
		t.Skipf("cannot run: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], "fps_min") {
		t.Fatalf("no table:\n%s", out.String())
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line %q: %v", lines[len(lines)-1], err)
	}
	for _, key := range []string{"rooms", "fps_min", "fps_mean", "encode_ms_p95",
		"cpu_ms_per_frame", "rooms_per_machine"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, lines[len(lines)-1])
		}
	}
	if got["rooms"] != 1 || got["fps_mean"] <= 0 || got["encode_ms_p95"] <= 0 ||
		got["cpu_ms_per_frame"] <= 0 || got["rooms_per_machine"] <= 0 {
		t.Errorf("JSON %v: want one room with frames measured", got)
	}
}

func TestRenderConfigErrors(t *testing.T) {
	for _, cfg := range []RenderConfig{{}, {Rooms: 1}, {Rooms: 0, Duration: time.Minute}} {
		if err := Render(t.Context(), cfg, &bytes.Buffer{}, false); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: %v, want ErrConfig", cfg, err)
		}
	}
}

// checkLeaks fails the test if goroutines started during it outlive it.
func checkLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Errorf("goroutines: %d before, %d after\n%s",
					before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
