package whep_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhubo-live/zhubo/assets"
	"github.com/zhubo-live/zhubo/stream/whep"
)

const chromiumPath = "/usr/bin/chromium"

// pageEvent is the part of an Event the viewer page sends that the test checks.
type pageEvent struct {
	V    int    `json:"v"`
	ID   string `json:"id"`
	Type string `json:"type"`
	Room string `json:"room"`
	TS   string `json:"ts"`
	User struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	Text     string `json:"text"`
	Count    int    `json:"count"`
	Platform string `json:"platform"`
}

// pageServer serves the viewer page, the WHEP endpoint and an events endpoint that hands the
// page's Events to the test.
func pageServer(t *testing.T, s *testServer) (*httptest.Server, <-chan pageEvent) {
	t.Helper()
	web, err := fs.Sub(assets.Web, "web")
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan pageEvent, 16)
	mux := http.NewServeMux()
	mux.Handle("/whep/", whep.NewHandler(whep.Config{Relay: s.relay}))
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServerFS(web)))
	page := func(w http.ResponseWriter, r *http.Request) { http.ServeFileFS(w, r, web, "viewer.html") }
	mux.HandleFunc("GET /{$}", page)
	mux.HandleFunc("GET /rooms/{room}", page)
	mux.HandleFunc("POST /api/rooms/{room}/events", func(w http.ResponseWriter, r *http.Request) {
		var e pageEvent
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		events <- e
		w.WriteHeader(http.StatusAccepted)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, events
}

// headlessChromium starts Chromium with the flags a closed network needs. The test is skipped
// without Chromium, except in CI (CI=true), where it fails.
func headlessChromium(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s: apt-get install chromium", chromiumPath)
		}
		t.Skipf("chromium not found at %s", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	return ctx
}

// eval runs js in the page and decodes its (awaited) value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %q: %v", js, err)
	}
	return v
}

// pollPage evaluates js until it returns true or the timeout passes.
func pollPage(t *testing.T, ctx context.Context, timeout time.Duration, what, js string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !eval[bool](t, ctx, js) {
		if time.Now().After(deadline) {
			status := eval[string](t, ctx, `document.getElementById('status').textContent`)
			t.Fatalf("timed out after %v waiting for %s (page status %q)", timeout, what, status)
		}
		time.Sleep(200 * time.Millisecond) // poll interval
	}
}

const playbackJS = `(async () => {
  const pc = window.zhubo && window.zhubo.pc;
  const out = {framesDecoded: 0, width: 0, audioPackets: 0};
  if (!pc) return out;
  (await pc.getStats()).forEach(s => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') {
      out.framesDecoded = s.framesDecoded || 0;
      out.width = s.frameWidth || 0;
    }
    if (s.kind === 'audio') { out.audioPackets = s.packetsReceived || 0; }
  });
  return out;
})()`

type playback struct {
	FramesDecoded float64 `json:"framesDecoded"`
	Width         float64 `json:"width"`
	AudioPackets  float64 `json:"audioPackets"`
}

func TestViewerPageInChromium(t *testing.T) {
	ctx := headlessChromium(t)
	s := newTestServer(t)
	srv, events := pageServer(t, s)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/rooms/demo")); err != nil {
		t.Fatal(err)
	}
	var pb playback
	deadline := time.Now().Add(30 * time.Second)
	for pb = eval[playback](t, ctx, playbackJS); pb.FramesDecoded <= 25 || pb.AudioPackets == 0; {
		if time.Now().After(deadline) {
			t.Fatalf("page playback %+v: want over 25 frames decoded and audio", pb)
		}
		time.Sleep(200 * time.Millisecond) // poll interval
		pb = eval[playback](t, ctx, playbackJS)
	}
	t.Logf("first picture %v ms after navigation; marks %s",
		eval[float64](t, ctx, `window.zhubo.firstFrameMs`),
		eval[string](t, ctx, `performance.getEntriesByType('mark')
		  .map(m => m.name + '@' + Math.round(m.startTime)).join(' ')`))
	if pb.Width != 320 {
		t.Errorf("decoded width = %v, want 320", pb.Width)
	}
	pollPage(t, ctx, 5*time.Second, "live status",
		`document.getElementById('status').dataset.state === 'live'`)
	if got := s.demo.Viewers(); got != 1 {
		t.Errorf("Viewers() = %d with the page open, want 1", got)
	}

	// Without a user gesture the browser plays muted; the sound button unmutes.
	pollPage(t, ctx, 5*time.Second, "sound button", `!document.getElementById('unmute').hidden`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#unmute"))); err != nil {
		t.Fatal(err)
	}
	pollPage(t, ctx, 5*time.Second, "unmuted video", `!document.getElementById('video').muted`)

	testPageChat(t, ctx, events)
	testPageLikes(t, ctx, events)
	testPageReconnects(t, ctx, s)
}

// testPageReconnects ends the page's session from the server side and expects the page to
// start a new one and play again.
func testPageReconnects(t *testing.T, ctx context.Context, s *testServer) {
	t.Helper()
	session := eval[string](t, ctx, `new URL(window.zhubo.session).pathname`)
	if resp, body := s.do(t, "DELETE", session, "", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE %s = %d: %s", session, resp.StatusCode, body)
	}
	waitFor(t, 30*time.Second, "a new session", func() bool {
		st := s.demo.Stats()
		return st.ViewersJoined == 2 && st.Connected == 1
	})
	pollPage(t, ctx, 15*time.Second, "video after reconnecting", `(async () => {
	  let frames = 0;
	  (await window.zhubo.pc.getStats()).forEach(s => {
	    if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0;
	  });
	  return frames > 10;
	})()`)
	if got := eval[string](t, ctx, `new URL(window.zhubo.session).pathname`); got == session {
		t.Errorf("page kept the ended session %s", session)
	}
}

func testPageChat(t *testing.T, ctx context.Context, events <-chan pageEvent) {
	t.Helper()
	text := `这个适合干皮吗<b>bold</b>`
	setInput := fmt.Sprintf(`document.getElementById('chat-input').value = %q; true`, text)
	eval[bool](t, ctx, setInput)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#send"))); err != nil {
		t.Fatal(err)
	}
	// The first message asks for a nickname, prefilled with a guest name.
	pollPage(t, ctx, 5*time.Second, "nickname dialog", `document.getElementById('name-dialog').open`)
	eval[bool](t, ctx, `document.getElementById('name-input').value = '小美'; true`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#name-form button"))); err != nil {
		t.Fatal(err)
	}

	e := nextEvent(t, events)
	if e.V != 1 || e.Type != "comment" || e.Room != "demo" || e.Text != text ||
		e.Platform != "web" || e.User.Name != "小美" || e.User.ID == "" || e.ID == "" || e.TS == "" {
		t.Errorf("comment event = %+v", e)
	}
	if n := eval[float64](t, ctx, `document.querySelectorAll('#chat b').length`); n != 0 {
		t.Errorf("chat rendered %v <b> elements from a comment; want text only", n)
	}
	last := eval[string](t, ctx, `document.querySelector('#chat .line:last-child .what').textContent`)
	if last != text {
		t.Errorf("chat shows %q, want %q", last, text)
	}
	stored := eval[string](t, ctx, `localStorage.getItem('zhubo.user.id')`)
	if stored != e.User.ID {
		t.Errorf("user id %q is not the stored one %q", e.User.ID, stored)
	}
}

func testPageLikes(t *testing.T, ctx context.Context, events <-chan pageEvent) {
	t.Helper()
	for range 3 {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#like"))); err != nil {
			t.Fatal(err)
		}
	}
	e := nextEvent(t, events)
	if e.Type != "like" || e.Count < 1 || e.Count > 3 || e.User.Name != "小美" {
		t.Errorf("like event = %+v, want type like with count 1..3", e)
	}
}

func nextEvent(t *testing.T, events <-chan pageEvent) pageEvent {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event from the page")
		return pageEvent{}
	}
}

func TestViewerPageUnknownRoomStatus(t *testing.T) {
	ctx := headlessChromium(t)
	s := newTestServer(t)
	srv, _ := pageServer(t, s)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/rooms/nope")); err != nil {
		t.Fatal(err)
	}
	pollPage(t, ctx, 10*time.Second, "offline status",
		`document.getElementById('status').dataset.state === 'offline'`)
	if got := eval[string](t, ctx, `document.getElementById('room-name').textContent`); got != "nope" {
		t.Errorf("room name shown = %q, want nope", got)
	}
}
