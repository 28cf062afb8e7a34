package console

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhubo-live/zhubo/assets"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// findChromium returns the path of a Chromium or Chrome binary on PATH, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for the test, or skips it where there is
// none; in CI (CI=true) a missing browser fails the test instead.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is required in CI but is not on PATH")
		}
		t.Skip("no chromium on PATH")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// pageServer serves the console page and its websocket as the zhubo server does.
func pageServer(t *testing.T, r *rig) *httptest.Server {
	t.Helper()
	web, err := fs.Sub(assets.Web, "web")
	if err != nil {
		t.Fatalf("assets: %v", err)
	}
	page, err := fs.ReadFile(web, "console.html")
	if err != nil {
		t.Fatalf("console.html: %v", err)
	}
	servePage := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServerFS(web)))
	mux.HandleFunc("GET /console", servePage)
	mux.HandleFunc("GET /console/{room}", servePage)
	mux.Handle("GET /ws/console/{room}", r.h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// waitJS polls a JavaScript condition in the page until it is true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	poll := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(10*time.Second))
	if _, err := chromedp.Run(ctx, poll); err != nil {
		t.Fatalf("waiting until %s: %v", what, err)
	}
}

func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func TestConsolePageAsModerator(t *testing.T) {
	ctx := browser(t)
	r := newRig(t, nil)
	r.director(t, "demo")
	cues := cueWatcher(t, r.bus, "demo")
	srv := pageServer(t, r)

	open := chromedp.Navigate(srv.URL + "/console/demo?token=" + modToken)
	if err := chromedp.Do(ctx, open); err != nil {
		t.Fatalf("open console: %v", err)
	}
	waitJS(t, ctx, "the hello names the role",
		`document.getElementById('role').textContent === 'moderator'`)
	waitJS(t, ctx, "the console shows connected",
		`document.getElementById('conn').dataset.state === 'connected'`)
	checkTokenTakenFromURL(t, ctx)
	checkModeratorControls(t, ctx)
	checkHostileComment(t, ctx, r)
	checkSkip(t, ctx, cues)
}

func checkTokenTakenFromURL(t *testing.T, ctx context.Context) {
	t.Helper()
	got := evalJS[string](t, ctx, `location.pathname + location.search`)
	if got != "/console/demo" {
		t.Errorf("address bar = %q, want the token removed", got)
	}
	got = evalJS[string](t, ctx, `sessionStorage.getItem('zhubo.console.token')`)
	if got != modToken {
		t.Errorf("session token = %q, want it kept", got)
	}
}

func checkModeratorControls(t *testing.T, ctx context.Context) {
	t.Helper()
	visible := func(id string) bool {
		return evalJS[bool](t, ctx, `(() => { const e = document.getElementById('`+id+`');
			return !!e && !e.hidden && e.getClientRects().length > 0; })()`)
	}
	for _, id := range []string{"cue-switch", "cue-pause", "cue-resume", "cue-persona"} {
		if visible(id) {
			t.Errorf("operator-only control #%s is shown to a moderator", id)
		}
	}
	for _, id := range []string{"cue-say", "cue-skip", "cue-welfare", "cue-block"} {
		if !visible(id) {
			t.Errorf("moderator control #%s is hidden", id)
		}
	}
}

func checkHostileComment(t *testing.T, ctx context.Context, r *rig) {
	t.Helper()
	hostile := `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`
	publish(t, r, bus.EventsSubject("demo"), bus.Event{V: 1, ID: "e-evil", Type: "comment",
		Room: "demo", TS: time.Now(), User: bus.User{ID: "u-evil", Name: "<b>bold</b>"},
		Text: hostile})
	publish(t, r, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: "e-evil", Room: "demo",
		Intent: "spam", Confidence: 0.8})
	waitJS(t, ctx, "the comment is shown",
		`!!document.querySelector('#chat li[data-event="e-evil"] .intent:not([hidden])')`)

	item := `document.querySelector('#chat li[data-event="e-evil"]')`
	if got := evalJS[string](t, ctx, item+`.querySelector('.text').textContent`); got != hostile {
		t.Errorf("comment text = %q, want the literal %q", got, hostile)
	}
	user := evalJS[string](t, ctx, item+`.querySelector('.user').textContent`)
	if got := user; got != "<b>bold</b>" {
		t.Errorf("user name = %q, want it literal", got)
	}
	if n := evalJS[int](t, ctx, item+`.querySelectorAll('img, script, b').length`); n != 0 {
		t.Errorf("comment created %d elements from its text", n)
	}
	if got := evalJS[string](t, ctx, item+`.querySelector('.intent').textContent`); got != "spam" {
		t.Errorf("intent badge = %q, want spam", got)
	}
	if evalJS[bool](t, ctx, `window.pwned !== undefined`) {
		t.Error("the comment's markup ran")
	}
}

func checkSkip(t *testing.T, ctx context.Context, cues chan bus.Cue) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("cue-skip"))); err != nil {
		t.Fatalf("click skip: %v", err)
	}
	c := nextCue(t, cues)
	if c.Type != bus.CueSkip || !strings.HasPrefix(c.By, "moderator-") {
		t.Fatalf("published cue = %+v, want a moderator's skip", c)
	}
	waitJS(t, ctx, "the skip's ack is shown",
		`[...document.querySelectorAll('#acks li[data-state="ok"]')].some(
			li => li.textContent.includes('skip') && li.textContent.includes('ok'))`)
	waitJS(t, ctx, "a green toast is shown",
		`[...document.querySelectorAll('#toasts .toast.ok')].some(
			t => t.textContent.includes('skip'))`)
}

func TestConsolePageAsOperator(t *testing.T) {
	ctx := browser(t)
	r := newRig(t, nil)
	r.director(t, "demo")
	cues := cueWatcher(t, r.bus, "demo")
	srv := pageServer(t, r)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/console?token="+opToken)); err != nil {
		t.Fatalf("open console: %v", err)
	}
	waitJS(t, ctx, "the console connects as operator",
		`document.getElementById('role').textContent === 'operator' &&
		 document.getElementById('conn').dataset.state === 'connected'`)
	for _, id := range []string{"cue-switch", "cue-pause", "cue-resume", "cue-persona"} {
		if !evalJS[bool](t, ctx, `!document.getElementById('`+id+`').hidden`) {
			t.Errorf("operator control #%s is hidden", id)
		}
	}

	checkSay(t, ctx, cues)
	checkCurrentLine(t, ctx, r)
	checkReconnect(t, ctx, r)
}

func checkSay(t *testing.T, ctx context.Context, cues chan bus.Cue) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Steps(
		chromedp.SendKeys(chromedp.ID("say-text"), "欢迎新来的宝宝"),
		chromedp.Click(chromedp.CSS(`#cue-say button[type="submit"]`)),
	))
	if err != nil {
		t.Fatalf("say: %v", err)
	}
	c := nextCue(t, cues)
	if c.Type != bus.CueSay || c.Args["text"] != "欢迎新来的宝宝" || c.Room != "demo" {
		t.Fatalf("published cue = %+v, want the say", c)
	}
	waitJS(t, ctx, "the say's ack is shown",
		`[...document.querySelectorAll('#acks li[data-state="ok"]')].some(
			li => li.textContent.includes('say'))`)
}

func checkCurrentLine(t *testing.T, ctx context.Context, r *rig) {
	t.Helper()
	u := bus.Utterance{V: 1, ID: "u-1", Room: "demo", Seq: 1, Text: "<i>这款精华</i>适合干皮",
		Scene: "product", Theme: "efficacy", Product: "night-serum", Source: "script"}
	publish(t, r, bus.UtterancesSubject("demo"), u)
	publish(t, r, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo", Utterance: "u-1",
		State: bus.PlayoutStarted})
	waitJS(t, ctx, "the line is shown as speaking",
		`document.getElementById('now-state').textContent === 'speaking'`)
	got := evalJS[string](t, ctx, `document.getElementById('now-text').textContent`)
	if got != u.Text {
		t.Errorf("current line = %q, want %q", got, u.Text)
	}
	if got := evalJS[string](t, ctx,
		`document.getElementById('now-product').textContent`); got != u.Product {
		t.Errorf("current product = %q, want %q", got, u.Product)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll('#utterances li').length`); n != 1 {
		t.Errorf("recent lines = %d, want 1", n)
	}
}

// checkReconnect drops the page's websocket and expects the page to say so and come back.
func checkReconnect(t *testing.T, ctx context.Context, r *rig) {
	t.Helper()
	evalJS[any](t, ctx, `window.sawDown = false; const conn = document.getElementById('conn');
	new MutationObserver(() => {
		if (conn.dataset.state !== 'connected') window.sawDown = true;
	}).observe(conn, {attributes: true}); null`)
	r.h.mu.Lock()
	for s := range r.h.sessions {
		s.shutdown(1012, "service restart")
	}
	r.h.mu.Unlock()
	waitJS(t, ctx, "the page saw the connection drop", `window.sawDown === true`)
	waitJS(t, ctx, "the page reconnects",
		`document.getElementById('conn').dataset.state === 'connected'`)
}
