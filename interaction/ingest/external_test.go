package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
)

// TestAgainstSeparateNATSServer runs ingest and the console against a
// nats-server started as its own process with JetStream, as `--nats nats://…`
// does against an existing server: a comment becomes an Intent, a console cue
// reaches the room and its Ack the console, and both land in the archive.
func TestAgainstSeparateNATSServer(t *testing.T) {
	url := startNATSProcess(t)
	nc, err := bus.Connect(url, "zhubo-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	archive, err := bus.EnsureArchive(t.Context(), js, bus.ArchiveConfig{})
	if err != nil {
		t.Fatalf("EnsureArchive: %v", err)
	}

	in, err := New(Config{Conn: nc, Rooms: []string{"demo"}, Classifier: testClassifier(t)})
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)
	intents := make(chan *nats.Msg, 8)
	sub, err := nc.ChanSubscribe(bus.IntentsSubject("demo"), intents)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	e := bus.Event{V: 1, ID: "e-ext", Type: bus.EventComment, Room: "demo",
		TS: time.Now().UTC(), User: bus.User{ID: "u1"}, Text: "这个多少钱"}
	if err := bus.Publish(nc, bus.EventsSubject("demo"), e); err != nil {
		t.Fatal(err)
	}
	var it bus.Intent
	select {
	case m := <-intents:
		if err := json.Unmarshal(m.Data, &it); err != nil {
			t.Fatal(err)
		}
	case <-time.After(waitFor):
		t.Fatal("no Intent from the separate server")
	}
	if it.Event != e.ID || it.Intent != bus.IntentPrice {
		t.Fatalf("intent = %+v, want question.price of %s", it, e.ID)
	}

	ack := cueThroughConsole(t, nc)
	if !ack.OK || ack.Cue != "c-ext" || ack.By != "stand-in" {
		t.Fatalf("ack = %+v, want ok from the stand-in for c-ext", ack)
	}
	for _, subject := range []string{bus.EventsSubject("demo"), bus.IntentsSubject("demo"),
		bus.CuesSubject("demo"), bus.AcksSubject("demo"), bus.AuditSubject("demo")} {
		waitArchived(t, archive, subject)
	}
}

// cueThroughConsole opens a console on nc, sends a cue that a stand-in for the
// room's director answers, and returns the Ack the console got.
func cueThroughConsole(t *testing.T, nc *nats.Conn) bus.Ack {
	t.Helper()
	acker, err := nc.Subscribe(bus.CuesSubject("demo"), func(m *nats.Msg) {
		var c bus.Cue
		if json.Unmarshal(m.Data, &c) == nil {
			_ = bus.Publish(nc, bus.AcksSubject("demo"),
				bus.Ack{V: 1, Cue: c.ID, OK: true, By: "stand-in"})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = acker.Unsubscribe() })
	h, err := console.NewHandler(console.Config{Conn: nc, OperatorToken: "op-token",
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /ws/console/{room}", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		_ = h.Close()
		srv.Close()
	})
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws/console/demo?token=op-token"
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatalf("dial console: %v", err)
	}
	defer ws.Close()
	cue := console.ClientCue{ID: "c-ext", Type: bus.CueSkip}
	if err := ws.WriteJSON(console.ClientMessage{Type: console.MessageCue, Cue: &cue}); err != nil {
		t.Fatal(err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(waitFor))
	for {
		var m console.ServerMessage
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for the ack: %v", err)
		}
		var a bus.Ack
		if m.Type == console.MessageAck && json.Unmarshal(m.Data, &a) == nil && a.Cue == cue.ID {
			return a
		}
	}
}

// waitArchived polls the stream until it holds a message on subject.
func waitArchived(t *testing.T, s jetstream.Stream, subject string) {
	t.Helper()
	eventually(t, subject+" archived", func() bool {
		info, err := s.Info(t.Context(), jetstream.WithSubjectFilter(subject))
		return err == nil && info.State.Subjects[subject] > 0
	})
}

// startNATSProcess builds nats-server from the module's dependency and runs it
// as a separate process with JetStream on a free loopback port, stopping it at
// cleanup. It returns the client URL.
func startNATSProcess(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "nats-server")
	build := exec.Command(goTool(t), "build", "-o", bin, "github.com/nats-io/nats-server/v2")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out)
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-a", "127.0.0.1", "-p", fmt.Sprint(port),
		"-js", "-sd", filepath.Join(dir, "store"))
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = waitFor
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start nats-server: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	eventually(t, "nats-server process accepting clients", func() bool {
		nc, err := nats.Connect(url, nats.Timeout(100*time.Millisecond))
		if err != nil {
			return false
		}
		nc.Close()
		return true
	})
	return url
}

// goTool is the go command of the toolchain running the test.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no go command to build nats-server with: %v", err)
	}
	return p
}

// freePort is a loopback TCP port nobody listened on a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
