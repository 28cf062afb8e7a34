package whep_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/whep"
)

// newLimitedServer serves rooms "a" and "b" of a relay that holds one viewer in all, and
// advertises the ICE servers of specs.
func newLimitedServer(t *testing.T, specs ...string) (*testServer, *relay.Relay) {
	t.Helper()
	api, err := relay.NewAPI(relay.NetConfig{IncludeLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	servers, err := relay.ParseICEServers(specs)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), nil))
	rl := relay.NewRelay(relay.RelayConfig{MaxViewers: 1, Logger: logger})
	t.Cleanup(func() { _ = rl.Close() })
	for _, name := range []string{"a", "b"} {
		room, err := relay.NewRoom(name, relay.Config{API: api, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		rl.Add(room)
	}
	h := whep.NewHandler(whep.Config{Relay: rl, Logger: logger, ICEServers: servers})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, api: api, relay: rl}, rl
}

func TestLinkHeadersAdvertiseICEServers(t *testing.T) {
	checkLeaks(t)
	s, _ := newLimitedServer(t, "stun:stun.example.net:3478", "turn:ann:s3cret@turn.example.net:3478")
	_, offer := s.offer(t)
	resp, body := s.do(t, "POST", "/whep/a", "application/sdp", offer)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST = %d %s", resp.StatusCode, body)
	}
	got := resp.Header.Values("Link")
	want := []string{
		`<stun:stun.example.net:3478>; rel="ice-server"`,
		`<turn:turn.example.net:3478>; rel="ice-server"; username="ann"; credential="s3cret"; ` +
			`credential-type="password"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Link headers\n got %q\nwant %q", got, want)
	}
}

// The relay's process-wide cap holds across rooms: the second viewer, in another room, is
// told to come back later.
func TestServerFullAcrossRooms(t *testing.T) {
	checkLeaks(t)
	s, rl := newLimitedServer(t)
	_, first := s.offer(t)
	resp, body := s.do(t, "POST", "/whep/a", "application/sdp", first)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("first POST = %d %s", resp.StatusCode, body)
	}
	session := resp.Header.Get("Location")
	_, second := s.offer(t)
	resp, body = s.do(t, "POST", "/whep/b", "application/sdp", second)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("POST over the process cap = %d (Retry-After %q) %s, want 503 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if got := rl.Viewers(); got != 1 {
		t.Errorf("Relay.Viewers() = %d, want 1", got)
	}

	if resp, body := s.do(t, "DELETE", session, "", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE = %d %s", resp.StatusCode, body)
	}
	if got := rl.Viewers(); got != 0 {
		t.Errorf("Relay.Viewers() = %d after DELETE, want 0", got)
	}
	_, third := s.offer(t)
	if resp, body := s.do(t, "POST", "/whep/b", "application/sdp", third); resp.StatusCode != 201 {
		t.Errorf("POST after a place freed = %d %s, want 201", resp.StatusCode, body)
	}
}
