package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func renderHTML(t *testing.T, s *Summary) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, s); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return buf.String()
}

func TestWriteHTMLChartsAndEscaping(t *testing.T) {
	page := renderHTML(t, Build(Options{Room: "demo", Location: shanghai(t)},
		newShow("demo").messages()))

	if n := strings.Count(page, "<svg "); n != 6 {
		t.Errorf("page has %d SVG charts, want 6", n)
	}
	for _, want := range []string{
		"&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;假货",
		"高峰时刻", "peak minute · 20:10", "清透防晒霜", "满199减30", "<polyline", "过敏",
		"unknown product &#34;x&#34;", "无回应 no ack",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q; it must be self-contained and script-free", bad)
		}
	}
}

func TestWriteHTMLEmpty(t *testing.T) {
	s := Build(Options{Room: "demo"}, nil)
	if s.Peak != nil || len(s.Minutes) != 0 || s.Totals.Messages != 0 {
		t.Fatalf("empty summary = %+v", s)
	}
	page := renderHTML(t, s)
	if !strings.Contains(page, "No messages in this time range") || strings.Contains(page, "<svg") {
		t.Errorf("empty page does not say it is empty:\n%s", page)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, s); err != nil || !strings.Contains(buf.String(), `"minutes": []`) {
		t.Errorf("empty json (err %v):\n%s", err, buf.String())
	}
}

// TestReportInChromium opens the report in headless Chromium: the hostile
// comment must not run, the charts must lay out, and a phone-width window must
// not scroll sideways.
func TestReportInChromium(t *testing.T) {
	ctx := browser(t)
	nc, js := archive(t)
	newShow("demo").publish(t.Context(), t, js)
	dir := t.TempDir()
	if err := Run(t.Context(), nc, Options{Room: "demo", Location: shanghai(t)}, dir); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, JSONFile)); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	for _, step := range []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate("file://" + filepath.Join(dir, HTMLFile)),
	} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatalf("chromium: %v", err)
		}
	}
	title := evalJS[string](ctx, t, `document.title`)
	charts := evalJS[int](ctx, t, `[...document.querySelectorAll("svg.chart")]
		.filter(s => s.getBoundingClientRect().width > 300).length`)
	overflow := evalJS[int](ctx, t, `document.documentElement.scrollWidth - window.innerWidth`)
	if strings.Contains(title, "pwned") || !strings.Contains(title, "直播复盘") {
		t.Errorf("title = %q", title)
	}
	if charts != 6 || overflow > 0 {
		t.Errorf("on a phone: %d charts laid out (want 6), %dpx sideways overflow",
			charts, overflow)
	}
}

// browser starts a headless Chromium for the test, or skips it where there is
// none; in CI (CI=true) a missing browser fails the test instead.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is required in CI but is not on PATH")
		}
		t.Skip("no chromium on PATH")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.Flag("headless", true), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
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

// evalJS evaluates a JavaScript expression in the page.
func evalJS[T any](ctx context.Context, t *testing.T, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
