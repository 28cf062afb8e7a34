package console

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

const (
	opToken  = "op-secret-token"
	modToken = "mod-secret-token"
	waitFor  = 5 * time.Second
)

// startNATS runs a real nats-server in-process on a free port.
func startNATS(t testing.TB) *server.Server {
	t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true,
		NoSigs: true})
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(waitFor) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	return srv
}

func connectNATS(t testing.TB, srv *server.Server, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(srv.ClientURL(), opts...)
	if err != nil {
		t.Fatalf("nats connect: %v", err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// rig is a console Handler on an httptest server over a real nats-server.
type rig struct {
	nats *server.Server
	nc   *nats.Conn // the handler's connection
	bus  *nats.Conn // the test's own connection, standing in for the room
	h    *Handler
	srv  *httptest.Server
}

func newRig(t *testing.T, edit func(*Config)) *rig {
	t.Helper()
	ns := startNATS(t)
	r := &rig{nats: ns, nc: connectNATS(t, ns), bus: connectNATS(t, ns)}
	cfg := Config{
		Conn: r.nc, OperatorToken: opToken, ModeratorToken: modToken, Logger: quiet(),
		Rooms: func(name string) bool { return name == "demo" || name == "other" },
	}
	if edit != nil {
		edit(&cfg)
	}
	h, err := NewHandler(cfg)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	r.h = h
	r.srv = newHTTPServer(t, h)
	return r
}

// newHTTPServer mounts h as the server does and closes both at the end of the test.
func newHTTPServer(t *testing.T, h *Handler) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /ws/console/{room}", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		_ = h.Close()
		srv.Close()
	})
	return srv
}

func (r *rig) wsURL(room, token string) string {
	u := "ws" + strings.TrimPrefix(r.srv.URL, "http") + "/ws/console/" + room
	if token != "" {
		u += "?token=" + token
	}
	return u
}

// dial opens a console and reads its hello.
func (r *rig) dial(t *testing.T, room, token string) (*websocket.Conn, Hello) {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial(r.wsURL(room, token), nil)
	if err != nil {
		t.Fatalf("dial: %v (response %v)", err, resp)
	}
	t.Cleanup(func() { _ = ws.Close() })
	msg := readMessage(t, ws, MessageHello)
	var hello Hello
	if err := json.Unmarshal(msg.Data, &hello); err != nil {
		t.Fatalf("hello: %v", err)
	}
	return ws, hello
}

// director acks every cue of room as the room's director would.
func (r *rig) director(t *testing.T, room string) {
	t.Helper()
	sub, err := r.bus.Subscribe(bus.CuesSubject(room), func(m *nats.Msg) {
		var c bus.Cue
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return
		}
		_ = bus.Publish(r.bus, bus.AcksSubject(room), bus.Ack{V: 1, Cue: c.ID, OK: true,
			By: "director"})
	})
	if err != nil {
		t.Fatalf("subscribe cues: %v", err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	if err := r.bus.Flush(); err != nil {
		t.Fatalf("flush: %v", err)
	}
}

// readMessage reads until a message of type typ arrives, within waitFor;
// an empty typ takes any message.
func readMessage(t *testing.T, ws *websocket.Conn, typ string) ServerMessage {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(waitFor))
	defer func() { _ = ws.SetReadDeadline(time.Time{}) }()
	for {
		var m ServerMessage
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for %q: %v", typ, err)
		}
		if typ == "" || m.Type == typ {
			return m
		}
	}
}

// readAck reads until the Ack of cue id arrives.
func readAck(t *testing.T, ws *websocket.Conn, id string) bus.Ack {
	t.Helper()
	for {
		m := readMessage(t, ws, MessageAck)
		var a bus.Ack
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Fatalf("ack: %v", err)
		}
		if a.Cue == id {
			return a
		}
	}
}

func sendCue(t *testing.T, ws *websocket.Conn, c ClientCue) {
	t.Helper()
	if err := ws.WriteJSON(ClientMessage{Type: MessageCue, Cue: &c}); err != nil {
		t.Fatalf("send cue: %v", err)
	}
}

// eventually polls cond until it holds, failing the test after waitFor.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		<-tick.C
	}
}

// checkNoLeaks fails if goroutines of this package outlive their owners.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		leaked := consoleGoroutine()
		if leaked == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutine leaked:\n%s", leaked)
		}
		<-tick.C
	}
}

// consoleGoroutine returns the stack of a goroutine running this package's code, if any.
func consoleGoroutine() string {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for _, g := range strings.Split(stacks, "\n\n") {
		if strings.Contains(g, "interaction/console.(*session)") ||
			strings.Contains(g, "interaction/console.(*Handler)") {
			return g
		}
	}
	return ""
}
