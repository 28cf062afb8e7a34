package relay_test

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // poll interval, not a wait for a condition
	}
}

// checkLeaks fails the test if goroutines started during it outlive it; pion stops some of
// its goroutines shortly after Close returns, so the count is polled.
func checkLeaks(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				t.Errorf("goroutines: %d before, %d after\n%s",
					before, runtime.NumGoroutine(), buf[:n])
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// testLogger writes to the test's output, shown for failures and -v.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

func loopbackAPI(t testing.TB) *webrtc.API {
	t.Helper()
	api, err := relay.NewAPI(relay.NetConfig{IncludeLoopback: true})
	if err != nil {
		t.Fatalf("NewAPI: %v", err)
	}
	return api
}

// join connects a pion viewer to room and waits until its PeerConnection is up.
func join(t testing.TB, room *relay.Room, api *webrtc.API) (*relaytest.Viewer, string) {
	t.Helper()
	return joinWithin(t, room, api, 10*time.Second)
}

// joinWithin is join with a deadline for crowded tests, where DTLS handshakes queue for the
// CPU (the more so under the race detector).
func joinWithin(t testing.TB, room *relay.Room, api *webrtc.API,
	timeout time.Duration,
) (*relaytest.Viewer, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	v, id, err := connect(ctx, room, api)
	if v != nil {
		t.Cleanup(func() { _ = v.Close() })
	}
	if err != nil {
		t.Fatal(err)
	}
	return v, id
}

// connect makes a pion viewer, joins it to room and waits until its PeerConnection is up;
// the caller closes the viewer, also when connect fails.
func connect(ctx context.Context, room *relay.Room,
	api *webrtc.API,
) (*relaytest.Viewer, string, error) {
	v, err := relaytest.NewViewer(api)
	if err != nil {
		return nil, "", fmt.Errorf("NewViewer: %w", err)
	}
	offer, err := v.Offer(ctx)
	if err != nil {
		return v, "", fmt.Errorf("offer: %w", err)
	}
	answer, id, err := room.AddViewer(ctx, offer)
	if err != nil {
		return v, "", fmt.Errorf("AddViewer: %w", err)
	}
	if !strings.Contains(answer, "a=candidate:") {
		return v, "", fmt.Errorf("answer has no candidates:\n%s", answer)
	}
	if err := v.Answer(answer); err != nil {
		return v, "", fmt.Errorf("answer: %w", err)
	}
	select {
	case <-v.Connected():
	case <-ctx.Done():
		return v, "", fmt.Errorf("viewer did not connect: %w", ctx.Err())
	}
	return v, id, nil
}

func newRoom(t testing.TB, cfg relay.Config) *relay.Room {
	t.Helper()
	cfg.Logger = testLogger(t)
	room, err := relay.NewRoom("demo", cfg)
	if err != nil {
		t.Fatalf("NewRoom: %v", err)
	}
	t.Cleanup(func() { _ = room.Close() })
	return room
}

func newFeeder(t testing.TB, room *relay.Room, intraPeriod uint) *relaytest.Feeder {
	t.Helper()
	f, err := relaytest.NewFeeder(room, 320, 240, intraPeriod)
	if err != nil {
		t.Fatalf("NewFeeder: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}
