package ingest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// post sends body to the handler and decodes its reply.
func post(t *testing.T, h http.Handler, method, path, body string) (int, ingestReply) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	var reply ingestReply
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		t.Fatalf("reply %q: %v", rec.Body.String(), err)
	}
	return rec.Code, reply
}

// drain reads the Events that arrived on sub, up to a marker Event published
// after the request, so that "nothing arrived" is checked without waiting.
func drain(t *testing.T, nc *nats.Conn, sub *nats.Subscription) []bus.Event {
	t.Helper()
	if err := nc.Publish(sub.Subject, []byte(`{"id":"marker"}`)); err != nil {
		t.Fatal(err)
	}
	var events []bus.Event
	for {
		m, err := sub.NextMsg(waitFor)
		if err != nil {
			t.Fatalf("marker not seen: %v", err)
		}
		var e bus.Event
		if err := json.Unmarshal(m.Data, &e); err != nil {
			t.Fatalf("event %s: %v", m.Data, err)
		}
		if e.ID == "marker" {
			return events
		}
		events = append(events, e)
	}
}

func TestHTTPHandler(t *testing.T) {
	nc := startNATS(t)
	clk := newClock()
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := nc.SubscribeSync(bus.EventsSubject("demo"))
	if err != nil {
		t.Fatal(err)
	}
	h := in.HTTPHandler()
	const path = "/api/rooms/demo/events"
	like := `{"type":"like","user":{"id":"u1"}}`
	huge := `{"type":"comment","user":{"id":"u"},"text":"` + strings.Repeat("a", 5000) + `"}`
	many := "[" + strings.TrimSuffix(strings.Repeat(like+",", MaxHTTPEvents+1), ",") + "]"

	tests := []struct {
		name, method, path, body string
		status, accepted         int
		rejected                 []int // indexes
		published                int
	}{
		{"single", "POST", path, `{"type":"comment","user":{"id":"u1"},"text":"多少钱"}`,
			202, 1, nil, 1},
		{"array with bad ones", "POST", path,
			`[` + like + `,{"type":"dance","user":{"id":"u"}},` + like + `,` + huge + `]`,
			202, 2, []int{1, 3}, 2},
		{"room given and equal", "POST", path, `{"room":"demo","type":"enter","user":{"id":"u"}}`,
			202, 1, nil, 1},
		{"room mismatch", "POST", path,
			`[` + like + `,{"room":"other","type":"like","user":{"id":"u"}}]`,
			400, 0, []int{1}, 0},
		{"bad json", "POST", path, `{"type":`, 400, 0, nil, 0},
		{"not an object", "POST", path, `42`, 400, 0, nil, 0},
		{"empty array", "POST", path, `[]`, 400, 0, nil, 0},
		{"nothing valid", "POST", path, `[{"type":"like"}]`, 400, 0, []int{0}, 0},
		{"too many events", "POST", path, many, 413, 0, nil, 0},
		{"body too large", "POST", path, `[` + strings.Repeat(" ", MaxHTTPBody) + `]`,
			413, 0, nil, 0},
		{"bad utf8", "POST", path,
			"[{\"type\":\"comment\",\"user\":{\"id\":\"u\"},\"text\":\"\xff\"}]",
			400, 0, []int{0}, 0},
		{"bad room", "POST", "/api/rooms/a.b/events", like, 400, 0, nil, 0},
		{"get", "GET", path, "", 405, 0, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, reply := post(t, h, tt.method, tt.path, tt.body)
			if status != tt.status || reply.Accepted != tt.accepted {
				t.Errorf("status %d accepted %d, want %d and %d (reply %+v)",
					status, reply.Accepted, tt.status, tt.accepted, reply)
			}
			var idx []int
			for _, r := range reply.Rejected {
				idx = append(idx, r.Index)
				if r.Reason == "" || r.Error == "" {
					t.Errorf("rejection without reason: %+v", r)
				}
			}
			if fmt.Sprint(idx) != fmt.Sprint(tt.rejected) {
				t.Errorf("rejected indexes %v, want %v", idx, tt.rejected)
			}
			if status >= 400 && reply.Error == "" {
				t.Errorf("error status without error text")
			}
			events := drain(t, nc, sub)
			if len(events) != tt.published {
				t.Fatalf("%d events on NATS, want %d", len(events), tt.published)
			}
			for _, e := range events {
				if e.V != 1 || e.Room != "demo" || !strings.HasPrefix(e.ID, "h-") ||
					!e.TS.Equal(clk.Now()) {
					t.Errorf("published event not filled in: %+v", e)
				}
			}
		})
	}
	s := in.Stats()
	if s.HTTPAccepted != 4 || s.HTTPRejected["room_mismatch"] != 2 ||
		s.HTTPRejected["too_large"] != 3 {
		t.Errorf("stats %+v", s)
	}
}

// TestHTTPEventsReachIntents runs the whole path: HTTP in, Intent out.
func TestHTTPEventsReachIntents(t *testing.T) {
	nc := startNATS(t)
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t)})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := nc.SubscribeSync(bus.IntentsSubject("demo"))
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)
	status, _ := post(t, in.HTTPHandler(), "POST", "/api/rooms/demo/events",
		`{"id":"p-1","type":"comment","user":{"id":"u9"},"text":"已拍 🎉",`+
			`"ts":"2026-12-03T10:00:00Z"}`)
	if status != http.StatusAccepted {
		t.Fatalf("status %d", status)
	}
	got := nextIntent(t, sub)
	if got.Event != "p-1" || got.Intent != bus.IntentPurchase || got.User.ID != "u9" {
		t.Errorf("intent %+v", got)
	}
}

// FuzzPrepareEvent checks that whatever the HTTP endpoint would publish is a valid
// Event of the path's room, whatever the body.
func FuzzPrepareEvent(f *testing.F) {
	f.Add([]byte(`{"type":"comment","user":{"id":"u1"},"text":"多少钱"}`))
	f.Add([]byte(`[{"type":"like","user":{"id":"u"}},{"room":"x"}]`))
	f.Add([]byte(`{"v":2,"id":"","ts":"bad"}`))
	f.Add([]byte("\xff"))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/", strings.NewReader(string(body)))
		raws, _, err := readEvents(httptest.NewRecorder(), req)
		if err != nil {
			return
		}
		for _, raw := range raws {
			data, err := prepareEvent(raw, "demo", now)
			if err != nil {
				continue
			}
			e, err := bus.DecodeEvent(data)
			if err != nil {
				t.Fatalf("prepared event does not decode: %v", err)
			}
			if e.Room != "demo" || e.ID == "" || e.TS.IsZero() {
				t.Fatalf("prepared event not filled in: %+v", e)
			}
		}
	})
}
