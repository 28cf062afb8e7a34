package whep_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
	"github.com/zhubo-live/zhubo/stream/whep"
)

// testServer is a WHEP server over a relay with the open room "demo" (fed by an openh264
// feeder), the room "vip" (token "s3cret") and the full room "tiny" (one viewer at most).
type testServer struct {
	*httptest.Server
	api   *webrtc.API
	relay *relay.Relay
	demo  *relay.Room
}

func newTestServer(t testing.TB) *testServer {
	t.Helper()
	api, err := relay.NewAPI(relay.NetConfig{IncludeLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	rl := relay.New()
	t.Cleanup(func() { _ = rl.Close() })
	var feeder *relaytest.Feeder
	rooms := map[string]relay.Config{
		"demo": {API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }},
		"vip":  {API: api},
		"tiny": {API: api, MaxViewers: 1},
	}
	for name, cfg := range rooms {
		cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
		room, err := relay.NewRoom(name, cfg)
		if err != nil {
			t.Fatal(err)
		}
		rl.Add(room)
	}
	demo, _ := rl.Room("demo")
	feeder, err = relaytest.NewFeeder(demo, 320, 240, 50)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = feeder.Close() })

	h := whep.NewHandler(whep.Config{
		Relay: rl, Tokens: map[string]string{"vip": "s3cret"},
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, api: api, relay: rl, demo: demo}
}

func (s *testServer) do(t *testing.T, method, path, contentType, body string,
	hdr ...string,
) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp, readAll(t, resp)
}

// offer returns a fresh pion viewer and its offer; the viewer is closed at cleanup.
func (s *testServer) offer(t *testing.T) (*relaytest.Viewer, string) {
	t.Helper()
	v, err := relaytest.NewViewer(s.api)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	offer, err := v.Offer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v, offer
}

func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

func checkLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(),
					buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

func TestSessionLifecycle(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	v, offer := s.offer(t)

	resp, answer := s.do(t, "POST", "/whep/demo", "application/sdp", offer)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST status = %d, want 201; body %s", resp.StatusCode, answer)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/sdp" {
		t.Errorf("Content-Type = %q, want application/sdp", ct)
	}
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/whep/demo/") || len(loc) <= len("/whep/demo/") {
		t.Fatalf("Location = %q, want /whep/demo/{session}", loc)
	}
	if resp.Header.Get("ETag") == "" {
		t.Error("no ETag")
	}
	if !strings.Contains(answer, "a=candidate:") {
		t.Errorf("answer has no candidates:\n%s", answer)
	}
	if err := v.Answer(answer); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "video and audio", func() bool {
		return v.VideoPackets() > 25 && v.AudioPackets() > 25 && v.VideoKeyFrames() > 0
	})

	frag := "a=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n"
	const trickle = "application/trickle-ice-sdpfrag"
	if resp, body := s.do(t, "PATCH", loc, trickle, frag); resp.StatusCode != http.StatusNoContent {
		t.Errorf("PATCH status = %d, want 204; body %s", resp.StatusCode, body)
	}
	if resp, body := s.do(t, "DELETE", loc, "", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("DELETE status = %d, want 200; body %s", resp.StatusCode, body)
	}
	if got := s.demo.Viewers(); got != 0 {
		t.Errorf("Viewers() = %d after DELETE, want 0", got)
	}
	if resp, _ := s.do(t, "PATCH", loc, trickle, frag); resp.StatusCode != http.StatusNotFound {
		t.Errorf("PATCH after DELETE status = %d, want 404", resp.StatusCode)
	}
	if resp, _ := s.do(t, "DELETE", loc, "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("second DELETE status = %d, want 404", resp.StatusCode)
	}
}

func TestPostErrors(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	_, offer := s.offer(t)
	_, tinyOffer := s.offer(t)
	huge := "v=0\r\n" + strings.Repeat("a=x:"+strings.Repeat("y", 100)+"\r\n", 700)

	// Fill the one-viewer room first.
	resp, body := s.do(t, "POST", "/whep/tiny", "application/sdp", tinyOffer)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("first POST to tiny = %d, want 201; %s", resp.StatusCode, body)
	}

	tests := []struct {
		name        string
		path, ctype string
		body        string
		hdr         []string
		want        int
	}{
		{"unknown room", "/whep/nope", "application/sdp", offer, nil, http.StatusNotFound},
		{"not sdp", "/whep/demo", "application/sdp", "hello", nil, http.StatusBadRequest},
		{"v=0 but garbage", "/whep/demo", "application/sdp", "v=0\r\nzzz\r\n", nil,
			http.StatusBadRequest},
		{"no media", "/whep/demo", "application/sdp",
			"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", nil, http.StatusBadRequest},
		{"json content type", "/whep/demo", "application/json", offer, nil,
			http.StatusUnsupportedMediaType},
		{"no content type", "/whep/demo", "", offer, nil, http.StatusUnsupportedMediaType},
		{"too big", "/whep/demo", "application/sdp", huge, nil, http.StatusRequestEntityTooLarge},
		{"no token", "/whep/vip", "application/sdp", offer, nil, http.StatusUnauthorized},
		{"wrong token", "/whep/vip", "application/sdp", offer,
			[]string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"full room", "/whep/tiny", "application/sdp", offer, nil, http.StatusServiceUnavailable},
		{"GET", "/whep/demo", "", "", nil, http.StatusMethodNotAllowed},
		{"no room", "/whep/", "", "", nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := "POST"
			if tt.name == "GET" {
				method = "GET"
			}
			resp, body := s.do(t, method, tt.path, tt.ctype, tt.body, tt.hdr...)
			if resp.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tt.want, body)
			}
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
				t.Errorf("body %q is not {\"error\": ...}: %v", body, err)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin = %q on an error, want *", got)
			}
		})
	}
}

func TestTokenAccepted(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	_, offer := s.offer(t)
	resp, body := s.do(t, "POST", "/whep/vip", "application/sdp", offer,
		"Authorization", "Bearer s3cret")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST with token = %d, want 201; %s", resp.StatusCode, body)
	}
}

func TestPatchErrors(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	_, offer := s.offer(t)
	resp, _ := s.do(t, "POST", "/whep/demo", "application/sdp", offer)
	loc := resp.Header.Get("Location")
	frag := "a=ice-ufrag:other\r\na=ice-pwd:0123456789abcdef0123456789\r\na=mid:0\r\n"

	tests := []struct {
		name, path, ctype string
		hdr               []string
		want              int
	}{
		{"wrong content type", loc, "application/sdp", nil, http.StatusUnsupportedMediaType},
		{"unknown session", "/whep/demo/nope", "application/trickle-ice-sdpfrag", nil,
			http.StatusNotFound},
		{"ice restart", loc, "application/trickle-ice-sdpfrag", nil, http.StatusUnprocessableEntity},
		{"stale etag", loc, "application/trickle-ice-sdpfrag", []string{"If-Match", `"old"`},
			http.StatusPreconditionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := s.do(t, "PATCH", tt.path, tt.ctype, frag, tt.hdr...)
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, tt.want, body)
			}
		})
	}
}

func TestCORSPreflight(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	for _, path := range []string{"/whep/demo", "/whep/demo/some-session"} {
		resp, _ := s.do(t, "OPTIONS", path, "", "",
			"Origin", "https://shop.example", "Access-Control-Request-Method", "POST",
			"Access-Control-Request-Headers", "content-type,authorization")
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("OPTIONS %s = %d, want 204", path, resp.StatusCode)
		}
		want := map[string]string{
			"Access-Control-Allow-Origin":   "*",
			"Access-Control-Allow-Methods":  "POST, PATCH, DELETE, OPTIONS",
			"Access-Control-Allow-Headers":  "Content-Type, Authorization, If-Match",
			"Access-Control-Expose-Headers": "Location, ETag, Accept-Patch, Accept-Post, Link",
		}
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("OPTIONS %s: %s = %q, want %q", path, k, got, v)
			}
		}
	}
}

func TestTenViewersOverWHEP(t *testing.T) {
	checkLeaks(t)
	s := newTestServer(t)
	viewers := make([]*relaytest.Viewer, 10)
	for i := range viewers {
		v, offer := s.offer(t)
		resp, answer := s.do(t, "POST", "/whep/demo", "application/sdp", offer)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("viewer %d: POST = %d; %s", i, resp.StatusCode, answer)
		}
		if err := v.Answer(answer); err != nil {
			t.Fatal(err)
		}
		viewers[i] = v
	}
	for _, v := range viewers {
		waitFor(t, 15*time.Second, "media at every viewer", func() bool {
			return v.VideoKeyFrames() > 0 && v.VideoPackets() > 25 && v.AudioPackets() > 25
		})
	}
	if got := s.demo.Viewers(); got != 10 {
		t.Errorf("Viewers() = %d, want 10", got)
	}
}

func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
