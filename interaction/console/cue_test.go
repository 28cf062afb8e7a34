package console

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestBuildCue(t *testing.T) {
	long := strings.Repeat("好", maxSayRunes+1)
	tests := []struct {
		name    string
		role    Role
		cue     ClientCue
		want    error
		wantMsg string
	}{
		{"say", RoleModerator, ClientCue{Type: "say", Args: map[string]string{"text": "欢迎"}},
			nil, ""},
		{"say 200 runes", RoleModerator, ClientCue{Type: "say",
			Args: map[string]string{"text": long[len("好"):]}}, nil, ""},
		{"say too long", RoleModerator, ClientCue{Type: "say",
			Args: map[string]string{"text": long}}, ErrBadArg, "at most 200"},
		{"say blank", RoleOperator, ClientCue{Type: "say", Args: map[string]string{"text": " "}},
			ErrMissingArg, "say needs text"},
		{"unknown", RoleOperator, ClientCue{Type: "dance"}, ErrUnknownCue,
			`unknown cue type "dance"`},
		{"switch by moderator", RoleModerator, ClientCue{Type: "switch_product",
			Args: map[string]string{"product": "p1"}}, ErrOperatorOnly,
			"moderators may not send switch_product; ask an operator"},
		{"pause by moderator", RoleModerator, ClientCue{Type: "pause"}, ErrOperatorOnly,
			"moderators may not send pause; ask an operator"},
		{"switch no product", RoleOperator, ClientCue{Type: "switch_product"}, ErrMissingArg,
			"switch_product needs product"},
		{"ban no user", RoleModerator, ClientCue{Type: "ban_user"}, ErrMissingArg,
			"ban_user needs user"},
		{"block no word", RoleModerator, ClientCue{Type: "block_word"}, ErrMissingArg,
			"block_word needs word"},
		{"welfare no kind", RoleModerator, ClientCue{Type: "welfare"}, ErrMissingArg,
			"welfare needs kind"},
		{"welfare bad kind", RoleModerator, ClientCue{Type: "welfare",
			Args: map[string]string{"kind": "cash"}}, ErrBadArg, "coupon, lucky_bag or draw"},
		{"welfare bad seconds", RoleModerator, ClientCue{Type: "welfare",
			Args: map[string]string{"kind": "draw", "seconds": "0"}}, ErrBadArg, "1..3600"},
		{"welfare ok", RoleModerator, ClientCue{Type: "welfare",
			Args: map[string]string{"kind": "lucky_bag", "seconds": "60"}}, nil, ""},
		{"persona empty", RoleOperator, ClientCue{Type: "persona"}, ErrMissingArg,
			"persona needs tone or speed"},
		{"control char", RoleModerator, ClientCue{Type: "say",
			Args: map[string]string{"text": "a\x1bb"}}, ErrBadArg, "control character"},
		{"bidi override", RoleModerator, ClientCue{Type: "block_word",
			Args: map[string]string{"word": "a\u202eb"}}, ErrBadArg, "control character"},
		{"bad id", RoleModerator, ClientCue{ID: "c 1", Type: "skip"}, ErrBadArg, "cue id"},
		{"skip", RoleModerator, ClientCue{ID: "c-1", Type: "skip"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := buildCue(tt.cue, tt.role, "demo", "x-1")
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err %q lacks %q", err, tt.wantMsg)
				}
				return
			}
			if got.V != 1 || got.Room != "demo" || got.By != "x-1" || got.ID == "" {
				t.Fatalf("cue = %+v, want v 1, room, by and id filled", got)
			}
			if tt.cue.ID != "" && got.ID != tt.cue.ID {
				t.Fatalf("id = %q, want the console's %q", got.ID, tt.cue.ID)
			}
		})
	}
}

// cueWatcher collects the cues published for room.
func cueWatcher(t *testing.T, nc *nats.Conn, room string) chan bus.Cue {
	t.Helper()
	ch := make(chan bus.Cue, 16)
	sub, err := nc.Subscribe(bus.CuesSubject(room), func(m *nats.Msg) {
		var c bus.Cue
		if err := json.Unmarshal(m.Data, &c); err == nil {
			ch <- c
		}
	})
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	if err := nc.Flush(); err != nil {
		t.Fatalf("flush: %v", err)
	}
	return ch
}

func nextCue(t *testing.T, ch chan bus.Cue) bus.Cue {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(waitFor):
		t.Fatal("no cue published")
	}
	return bus.Cue{}
}

func TestOperatorCueIsPublishedAndAcked(t *testing.T) {
	r := newRig(t, nil)
	cues := cueWatcher(t, r.bus, "demo")
	r.director(t, "demo")
	ws, hello := r.dial(t, "demo", opToken)

	sendCue(t, ws, ClientCue{Type: "switch_product", Args: map[string]string{"product": "p2"}})
	c := nextCue(t, cues)
	if c.V != 1 || c.Room != "demo" || c.By != hello.ID || c.ID == "" ||
		c.Type != "switch_product" || c.Args["product"] != "p2" {
		t.Fatalf("published cue = %+v", c)
	}
	a := readAck(t, ws, c.ID)
	if !a.OK || a.By != "director" {
		t.Fatalf("ack = %+v, want the director's ok", a)
	}
}

func TestAckReachesOtherConsolesOfTheRoom(t *testing.T) {
	r := newRig(t, nil)
	r.director(t, "demo")
	op, _ := r.dial(t, "demo", opToken)
	mod, _ := r.dial(t, "demo", modToken)

	sendCue(t, op, ClientCue{ID: "c-shared", Type: "skip"})
	if a := readAck(t, op, "c-shared"); !a.OK {
		t.Fatalf("sender's ack = %+v", a)
	}
	if a := readAck(t, mod, "c-shared"); !a.OK {
		t.Fatalf("other console's ack = %+v", a)
	}
}

func TestModeratorRefusedOperatorOnlyCues(t *testing.T) {
	r := newRig(t, nil)
	cues := cueWatcher(t, r.bus, "demo")
	ws, _ := r.dial(t, "demo", modToken)

	for _, typ := range []bus.CueType{"switch_product", "pause", "resume", "persona"} {
		id := "c-" + string(typ)
		sendCue(t, ws, ClientCue{ID: id, Type: typ, Args: map[string]string{
			"product": "p2", "tone": "warm"}})
		a := readAck(t, ws, id)
		want := "moderators may not send " + string(typ) + "; ask an operator"
		if a.OK || a.Error != want || a.V != 1 {
			t.Fatalf("ack = %+v, want refusal %q", a, want)
		}
	}
	// Cues from one connection are published in order, so if the refused ones
	// had gone out they would arrive before this one.
	sendCue(t, ws, ClientCue{ID: "c-ok", Type: "skip"})
	if c := nextCue(t, cues); c.ID != "c-ok" {
		t.Fatalf("first published cue = %+v, want c-ok", c)
	}
}

func TestInvalidMessagesAreRefused(t *testing.T) {
	r := newRig(t, nil)
	cues := cueWatcher(t, r.bus, "demo")
	ws, _ := r.dial(t, "demo", opToken)

	tests := []struct {
		msg, id, want string
	}{
		{`{"type":"cue","cue":{"id":"c-1","type":"say"}}`, "c-1", "say needs text"},
		{`{"type":"cue","cue":{"id":"c-2","type":"fly"}}`, "c-2", "unknown cue type"},
		{`{"type":"cue","cue":{"id":"c-3","type":"ban_user","args":{}}}`, "c-3",
			"ban_user needs user"},
		{`{"type":"cue","cue":{"id":"c-4","type":"welfare","args":{"kind":"gold"}}}`, "c-4",
			"coupon, lucky_bag or draw"},
		{`{"type":"dance"}`, "", "could not read the message"},
		{`not json`, "", "could not read the message"},
	}
	for _, tt := range tests {
		if err := ws.WriteMessage(websocket.TextMessage, []byte(tt.msg)); err != nil {
			t.Fatalf("write: %v", err)
		}
		a := readAck(t, ws, tt.id)
		if a.OK || !strings.Contains(a.Error, tt.want) {
			t.Fatalf("%s: ack = %+v, want refusal with %q", tt.msg, a, tt.want)
		}
	}
	sendCue(t, ws, ClientCue{ID: "c-ok", Type: "skip"})
	if c := nextCue(t, cues); c.ID != "c-ok" {
		t.Fatalf("first published cue = %+v, want c-ok", c)
	}
}

func TestUnansweredCueTimesOut(t *testing.T) {
	r := newRig(t, func(c *Config) { c.AckTimeout = 100 * time.Millisecond })
	ws, _ := r.dial(t, "demo", modToken)

	sendCue(t, ws, ClientCue{ID: "c-lonely", Type: "skip"})
	a := readAck(t, ws, "c-lonely")
	if a.OK || a.Error != "no room component answered: is the room running?" {
		t.Fatalf("ack = %+v, want the timeout", a)
	}
}

func TestCueWhileBusIsDownIsNotLost(t *testing.T) {
	ns := startNATS(t)
	nc := connectNATS(t, ns, nats.MaxReconnects(-1), nats.ReconnectWait(time.Hour))
	h, err := NewHandler(Config{Conn: nc, OperatorToken: opToken, Logger: quiet()})
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	r := &rig{nats: ns, nc: nc, h: h}
	r.srv = newHTTPServer(t, h)
	ws, _ := r.dial(t, "demo", opToken)

	ns.Shutdown()
	eventually(t, "the handler sees the bus down", func() bool { return !nc.IsConnected() })
	sendCue(t, ws, ClientCue{ID: "c-lost", Type: "skip"})
	a := readAck(t, ws, "c-lost")
	if a.OK || !strings.Contains(a.Error, "not delivered") {
		t.Fatalf("ack = %+v, want not delivered", a)
	}
}
