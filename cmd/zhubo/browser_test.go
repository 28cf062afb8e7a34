package main

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser for page tests. Outside CI a missing browser
// skips the test; in CI (CI=true) it fails it, since .ci/run installs one.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: apt-get install chromium")
	}
	t.Skip("chromium not found: apt-get install chromium")
	return ""
}

// browser starts headless Chromium with the flags a closed network needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	return ctx
}

// pageStats is what the viewer page's peer connection reports.
type pageStats struct {
	FramesDecoded    float64 `json:"framesDecoded"`
	TotalAudioEnergy float64 `json:"totalAudioEnergy"`
	Width            float64 `json:"width"`
}

const statsJS = `(async () => {
  const pc = window.zhubo && window.zhubo.pc;
  if (!pc) return {framesDecoded: 0, totalAudioEnergy: 0, width: 0};
  const out = {framesDecoded: 0, totalAudioEnergy: 0, width: 0};
  (await pc.getStats()).forEach(s => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') { out.framesDecoded = s.framesDecoded || 0; out.width = s.frameWidth || 0; }
    if (s.kind === 'audio') { out.totalAudioEnergy = s.totalAudioEnergy || 0; }
  });
  return out;
})()`

func TestViewerPagePlaysInChromium(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.BaseURL()+"/")); err != nil {
		t.Fatal(err)
	}
	var st pageStats
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var err error
		st, err = chromedp.Run(ctx, chromedp.Evaluate[pageStats](statsJS, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if st.FramesDecoded > 25 && st.TotalAudioEnergy > 0 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("stats: %+v", st)
	if st.FramesDecoded <= 25 {
		t.Errorf("frames decoded %v, want more than 25", st.FramesDecoded)
	}
	if st.Width != 540 {
		t.Errorf("frame width %v, want 540", st.Width)
	}
	if st.TotalAudioEnergy <= 0 {
		t.Errorf("total audio energy %v, want above zero", st.TotalAudioEnergy)
	}
}
