package livefeed

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func startFeed(t *testing.T) (*Feed, *nats.Conn, *httptest.Server) {
	t.Helper()
	e, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	nc, err := nats.Connect(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	f, err := New(Config{Conn: nc, Rooms: func(r string) bool { return r == "demo" }, MaxClients: 2})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/rooms/{room}/live", f)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	t.Cleanup(f.Close)
	return f, nc, ts
}

// readItems reads server-sent events into a channel until the stream ends.
func readItems(t *testing.T, url string) (chan Item, *http.Response) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	items := make(chan Item, 16)
	go func() {
		defer close(items)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			var it Item
			if ok && json.Unmarshal([]byte(data), &it) == nil {
				items <- it
			}
		}
	}()
	return items, resp
}

func next(t *testing.T, items chan Item) Item {
	t.Helper()
	select {
	case it, ok := <-items:
		if !ok {
			t.Fatal("feed ended")
		}
		return it
	case <-time.After(3 * time.Second):
		t.Fatal("no feed item within 3s")
	}
	return Item{}
}

func TestFeedCarriesCommentsAndTheLineOnAir(t *testing.T) {
	f, nc, ts := startFeed(t)
	if err := bus.Publish(nc, bus.UtterancesSubject("demo"), bus.Utterance{V: 1, ID: "u-1",
		Text: "first", ProductName: "精华", Price: "¥199"}); err != nil {
		t.Fatal(err)
	}
	items, resp := readItems(t, ts.URL+"/api/rooms/demo/live")
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("live feed answered %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	hostile := `<img src=x onerror=alert(1)>`
	ev := bus.Event{V: 1, ID: "e-1", Type: bus.EventComment, Room: "demo",
		User: bus.User{ID: "u1", Name: "小美"}, Text: hostile}
	bad := []byte(`{"v":1,"type":"nope"}`)
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		// The page may join after the first publish; publish until the comment shows.
		_ = nc.Publish(bus.EventsSubject("demo"), bad)
		_ = bus.Publish(nc, bus.EventsSubject("demo"), ev)
		it := next(t, items)
		if it.Type == "line" {
			continue
		}
		if it.Type != "comment" || it.Name != "小美" || it.Text != hostile {
			t.Fatalf("comment item %+v, want 小美's text verbatim", it)
		}
		break
	}
	f.Close()
	for range items {
	}
}

func TestFeedRefusesUnknownRoomsAndCrowds(t *testing.T) {
	_, _, ts := startFeed(t)
	resp, err := http.Get(ts.URL + "/api/rooms/nope/live")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown room: %d, want 404", resp.StatusCode)
	}
	var open []*http.Response
	for range 2 {
		_, r := readItems(t, ts.URL+"/api/rooms/demo/live")
		open = append(open, r)
	}
	resp, err = http.Get(ts.URL + "/api/rooms/demo/live")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third page over a limit of two: %d, want 503", resp.StatusCode)
	}
	for _, r := range open {
		r.Body.Close()
	}
}
