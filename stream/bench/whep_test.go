package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/stream/bench"
	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
	"github.com/zhubo-live/zhubo/stream/whep"
)

// demoServer serves WHEP for a room "demo" fed with a synthetic 320x240
// stream, closing both at the end of the test.
func demoServer(t *testing.T) (*httptest.Server, *relay.Room) {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	api, err := relay.NewAPI(relay.NetConfig{IncludeLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	rl := relay.New()
	t.Cleanup(func() { rl.Close() })
	var feeder *relaytest.Feeder
	room, err := relay.NewRoom("demo", relay.Config{
		API: api, Logger: logger, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() },
	})
	if err != nil {
		t.Fatal(err)
	}
	rl.Add(room)
	if feeder, err = relaytest.NewFeeder(room, 320, 240, 50); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { feeder.Close() })
	srv := httptest.NewServer(whep.NewHandler(whep.Config{Relay: rl, Logger: logger}))
	t.Cleanup(srv.Close)
	return srv, room
}

func TestWHEPLoadsAServer(t *testing.T) {
	srv, room := demoServer(t)
	var out bytes.Buffer
	cfg := bench.WHEPConfig{URL: srv.URL + "/whep/demo", Viewers: 5, Duration: 2 * time.Second,
		Ramp: 200 * time.Millisecond}
	if err := bench.WHEP(context.Background(), cfg, &out, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got map[string]float64
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out.String())
	}
	t.Logf("\n%s", out.String())
	if got["viewers"] != 5 || got["connected"] != 5 {
		t.Errorf("viewers %v connected %v, want 5 and 5", got["viewers"], got["connected"])
	}
	if got["first_frame_ms_p50"] <= 0 || got["kbps_mean"] <= 0 || got["loss_mean"] > 0.01 {
		t.Errorf("report %v: want first frames, a bitrate and no loss", got)
	}
	for _, key := range []string{"first_frame_ms_p95", "loss_mean"} {
		if _, ok := got[key]; !ok {
			t.Errorf("report lacks %q", key)
		}
	}
	waitFor(t, 10*time.Second, "DELETEs to empty the room", func() bool { return room.Viewers() == 0 })
}

func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}
