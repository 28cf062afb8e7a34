package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func publish(t *testing.T, r *rig, subject string, v any) {
	t.Helper()
	if err := bus.Publish(r.bus, subject, v); err != nil {
		t.Fatalf("publish: %v", err)
	}
}

func TestFeedDeliversUtterance(t *testing.T) {
	r := newRig(t, nil)
	ws, _ := r.dial(t, "demo", modToken)

	want := bus.Utterance{V: 1, ID: "u-318", Room: "demo", Seq: 318,
		Text: "这款精华<b>很好</b>", Scene: "product", Product: "night-serum",
		Source: "script", StartedAt: time.Now().UTC()}
	publish(t, r, bus.UtterancesSubject("other"), bus.Utterance{V: 1, ID: "u-elsewhere"})
	publish(t, r, bus.UtterancesSubject("demo"), want)

	m := readMessage(t, ws, MessageUtterance)
	var got bus.Utterance
	if err := json.Unmarshal(m.Data, &got); err != nil {
		t.Fatalf("utterance: %v", err)
	}
	if got.ID != want.ID || got.Text != want.Text || got.Product != want.Product {
		t.Fatalf("utterance = %+v, want %+v", got, want)
	}
}

func TestFeedRelaysCommentsIntentsAndPlayout(t *testing.T) {
	r := newRig(t, nil)
	ws, _ := r.dial(t, "demo", opToken)

	like := bus.Event{V: 1, ID: "e-like", Type: "like", Room: "demo", User: bus.User{ID: "u1"}}
	bad := bus.Event{V: 1, ID: "e-bad", Type: "comment", Room: "demo"} // no user, no text
	comment := bus.Event{V: 1, ID: "e-1", Type: "comment", Room: "demo",
		User: bus.User{ID: "u42", Name: "小美"}, Text: "<script>alert(1)</script>"}
	publish(t, r, bus.EventsSubject("demo"), like)
	publish(t, r, bus.EventsSubject("demo"), bad)
	publish(t, r, bus.EventsSubject("demo"), comment)
	publish(t, r, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: "e-1", Room: "demo",
		Intent: "question.price", Confidence: 0.9})
	publish(t, r, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo",
		Utterance: "u-1", State: "started"})

	// Each subject has its own subscription, so the three kinds may arrive in any order.
	got := map[string]json.RawMessage{}
	for len(got) < 3 {
		m := readMessage(t, ws, "")
		if _, seen := got[m.Type]; seen && m.Type == MessageEvent {
			t.Fatalf("second event %s; only the valid comment should pass", m.Data)
		}
		got[m.Type] = m.Data
	}
	var e bus.Event
	if err := json.Unmarshal(got[MessageEvent], &e); err != nil || e.ID != "e-1" ||
		e.Text != comment.Text {
		t.Fatalf("event = %+v, %v; want the comment only", e, err)
	}
	var in bus.Intent
	if err := json.Unmarshal(got[MessageIntent], &in); err != nil ||
		in.Event != "e-1" || in.Intent != "question.price" {
		t.Fatalf("intent = %+v, %v", in, err)
	}
	var p bus.Playout
	if err := json.Unmarshal(got[MessagePlayout], &p); err != nil || p.State != "started" {
		t.Fatalf("playout = %+v, %v", p, err)
	}
}

func TestReadLimitClosesConnection(t *testing.T) {
	r := newRig(t, nil)
	ws, _ := r.dial(t, "demo", opToken)

	big := `{"type":"cue","cue":{"type":"say","args":{"text":"` +
		strings.Repeat("a", MaxMessageBytes) + `"}}}`
	if err := ws.WriteMessage(websocket.TextMessage, []byte(big)); err != nil {
		t.Fatalf("write: %v", err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(waitFor))
	var err error
	for err == nil {
		_, _, err = ws.ReadMessage()
	}
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Fatalf("read = %v, want close 1009 (message too big)", err)
	}
}

func TestSlowConsoleDropsOldestFeed(t *testing.T) {
	r := newRig(t, nil)
	s := newSession(r.h, nil, RoleModerator, "demo") // no writer: nothing drains the feed
	const extra = 10
	for i := range feedQueue + extra {
		s.sendFeed(fmt.Appendf(nil, "%d", i))
	}
	if got := len(s.feed); got != feedQueue {
		t.Fatalf("queued %d, want %d", got, feedQueue)
	}
	if got := s.dropped.Load(); got != extra {
		t.Fatalf("dropped %d, want %d", got, extra)
	}
	if first := <-s.feed; !bytes.Equal(first, fmt.Appendf(nil, "%d", extra)) {
		t.Fatalf("oldest kept = %s, want %d", first, extra)
	}
}
