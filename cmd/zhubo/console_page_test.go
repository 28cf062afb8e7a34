package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// TestConsolePageSteersTheShow logs an operator into the console of a whole
// server, sends every kind of cue through the page's controls and checks that
// each is acknowledged on the page and, where a cue has one, shows its effect
// in the feed. It then checks the status panels and, when the server serves
// reports, the post-show report button, and saves screenshots of it all.
func TestConsolePageSteersTheShow(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	srv := startServer(t)
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	p := &consolePage{t: t, ctx: ctx, shots: artifactDir(t)}

	p.do(chromedp.EmulateViewport(1440, 900))
	p.do(chromedp.Navigate(srv.BaseURL() + "/console/demo?token=" + srv.cfg.Console.Token))
	p.wait("the console connects as operator",
		`document.getElementById('role').textContent === 'operator' &&
		 document.getElementById('conn').dataset.state === 'connected'`)

	checkProductCues(p)
	checkLineCues(p)
	checkModerationCues(p, srv)
	checkFlowCues(p)
	checkStatusPanels(p, srv)
	p.screenshot("console-laptop.png", chromedp.CaptureScreenshot())
	p.do(chromedp.EmulateViewport(820, 1180, chromedp.EmulateTouch))
	p.wait("the tablet layout has two columns",
		`getComputedStyle(document.querySelector('.grid')).gridTemplateColumns
		   .split(' ').length === 2`)
	p.screenshot("console-tablet.png", chromedp.FullScreenshot(100))
	p.do(chromedp.EmulateViewport(1440, 900))
	checkReportButton(p, srv)
}

// consolePage drives one console tab and fails the test on any error.
type consolePage struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

func (p *consolePage) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

// wait polls a JavaScript condition in the page until it holds.
func (p *consolePage) wait(what, expr string) {
	p.t.Helper()
	poll := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(12*time.Second))
	if _, err := chromedp.Run(p.ctx, poll); err != nil {
		p.t.Fatalf("waiting until %s: %v", what, err)
	}
}

func (p *consolePage) text(expr string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// fill types value into a field, which the page left empty.
func (p *consolePage) fill(id, value string) {
	p.t.Helper()
	p.do(chromedp.SendKeys(chromedp.ID(id), value))
}

func (p *consolePage) click(css string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(css)))
}

// acked waits until the page shows a successful Ack of a cue of type typ.
func (p *consolePage) acked(typ string) {
	p.t.Helper()
	p.wait("the "+typ+" cue's ack is shown", `[...document.querySelectorAll(
		'#acks li[data-type="`+typ+`"][data-state="ok"]')].some(li => li.textContent.includes(' ok'))`)
}

// lineShown waits until the recent lines hold one that satisfies the
// JavaScript predicate on its meta and text.
func (p *consolePage) lineShown(what, pred string) {
	p.t.Helper()
	p.wait(what, `[...document.querySelectorAll('#utterances li')].some(li => {
		const meta = li.querySelector('.meta').textContent;
		const text = li.querySelector('.text').textContent;
		return `+pred+`; })`)
}

// screenshot saves a PNG taken by shot, of the viewport or the whole page.
func (p *consolePage) screenshot(name string, shot chromedp.Action[[]byte]) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, shot)
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(p.shots, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

// artifactDir is where screenshots go: ZHUBO_TEST_ARTIFACTS when set, so CI
// can keep them, else the test's temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ZHUBO_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkProductCues switches to the last product and skips the line on air, so
// the host moves on to the new product's block.
func checkProductCues(p *consolePage) {
	p.fill("switch-product", "clay-mask")
	p.click(`#cue-switch button[type="submit"]`)
	p.acked("switch_product")
	p.click("#cue-skip")
	p.acked("skip")
	p.lineShown("a line about the new product is shown", `meta.includes('云栖白泥清透面膜') ||
		meta.includes('clay-mask')`)
}

// checkLineCues has the host say a line and announce a lucky bag.
func checkLineCues(p *consolePage) {
	p.fill("say-text", "欢迎新来的宝宝")
	p.click(`#cue-say button[type="submit"]`)
	p.acked("say")
	p.lineShown("the said line is shown", `text === '欢迎新来的宝宝'`)

	p.do(chromedp.SetValue(chromedp.ID("welfare-kind"), "lucky_bag"))
	p.fill("welfare-seconds", "60")
	p.click(`#cue-welfare button[type="submit"]`)
	p.acked("welfare")
	p.lineShown("a welfare line is shown", `meta.includes('welfare') && text.includes('福袋')`)
}

// checkModerationCues blocks a word, sets the persona and bans a viewer from
// the chat, which takes two clicks.
func checkModerationCues(p *consolePage, srv *Server) {
	p.fill("block-word", "最便宜")
	p.click(`#cue-block button[type="submit"]`)
	p.acked("block_word")

	p.fill("persona-tone", "温柔")
	p.fill("persona-speed", "220")
	p.click(`#cue-persona button[type="submit"]`)
	p.acked("persona")

	nc := busConn(p.t, srv)
	publishJSON(p.t, nc, bus.EventsSubject("demo"), bus.Event{V: 1, ID: "e-troll",
		Type: bus.EventComment, Room: "demo", TS: time.Now().UTC(),
		User: bus.User{ID: "u-troll", Name: "捣乱的"}, Text: "骗人的吧", Platform: "test"})
	ban := `#chat li[data-event="e-troll"] button.ban`
	p.wait("the comment is shown with a ban button",
		`!!document.querySelector('`+ban+`:not([hidden])')`)
	p.click(ban)
	p.click(ban)
	p.acked("ban_user")
}

// checkFlowCues pauses and resumes the show.
func checkFlowCues(p *consolePage) {
	p.click("#cue-pause")
	p.acked("pause")
	p.click("#cue-resume")
	p.acked("resume")
}

// checkStatusPanels publishes a room status with markup in its texts and
// expects the panels to show it as text.
func checkStatusPanels(p *consolePage, srv *Server) {
	hostile := `<img src=x onerror="window.pwned=1">这款面膜怎么用`
	st := bus.RoomStatus{V: 1, Room: "demo", At: time.Now().UTC(), OnAir: "u-1", Paused: true,
		Product: "clay-mask", ProductName: "云栖白泥清透面膜",
		Next: []bus.PlannedLine{{Scene: "product", Theme: "usage", Product: "clay-mask",
			Text: "<b>敷十分钟</b>就洗掉"}},
		Replies: []bus.QueuedReply{{Intent: "question.usage", Viewer: "小美", Text: hostile,
			Count: 3}},
		Stats: bus.RoomStats{Viewers: 1234, ChatPerMin: 42.5, LikesPerMin: 310, FPS: 24.9,
			DeadAirSeconds: 0.4, Utterances: 57, Replies: 9}}
	nc := busConn(p.t, srv)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		// The room sends its own status too; repeating ours keeps it on screen.
		tick := time.NewTicker(150 * time.Millisecond)
		defer tick.Stop()
		for {
			data, _ := json.Marshal(st)
			_ = nc.Publish(bus.StatusSubject("demo"), data)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	defer func() { close(stop); <-done }()

	p.wait("the status panels show the published status",
		`document.getElementById('st-viewers').textContent === '1234' &&
		 document.getElementById('st-air').dataset.state === 'paused'`)
	checks := []struct{ name, expr, want string }{
		{"chat per minute", `document.getElementById('st-chat').textContent`, "42.5"},
		{"fps", `document.getElementById('st-fps').textContent`, "24.9"},
		{"product", `document.getElementById('st-product').textContent`, "云栖白泥清透面膜"},
		{"next line", `document.querySelector('#next li .text').textContent`,
			st.Next[0].Text},
		{"reply viewer", `document.querySelector('#replies .reply .user').textContent`, "小美"},
		{"reply text", `document.querySelector('#replies .reply .text').textContent`, hostile},
		{"reply count", `document.querySelector('#replies .reply .count').textContent`, "×3"},
		{"markup", `String(document.querySelectorAll('#status img, #next b, #replies img')
			.length + (window.pwned === undefined ? 0 : 100))`, "0"},
	}
	// The room's own status may land between two of ours, so each panel is
	// polled until it shows ours rather than read once.
	for _, c := range checks {
		want, _ := json.Marshal(c.want)
		p.wait("status "+c.name+" is "+c.want,
			fmt.Sprintf(`(() => { try { return (%s) === %s } catch { return false } })()`,
				c.expr, want))
	}
}

// checkReportButton writes the post-show report through the console's button
// and screenshots the report the page opens in a new tab.
func checkReportButton(p *consolePage, srv *Server) {
	resp, err := http.Post(srv.BaseURL()+"/api/rooms/demo/report", "", nil)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		p.t.Logf("POST /api/rooms/demo/report without a token answered %d, not 401: "+
			"the report routes are not mounted, so the report button is not tested",
			resp.StatusCode)
		return
	}
	opened := chromedp.WaitNewTarget(p.ctx, func(info *target.Info) bool {
		return strings.Contains(info.URL, "/reports/demo/")
	})
	p.click("#report")
	var id target.ID
	select {
	case id = <-opened:
	case <-p.ctx.Done():
		p.t.Fatalf("the report tab did not open: %v (page says %q)", p.ctx.Err(),
			p.text(`document.getElementById('toasts').textContent`))
	}
	tab, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(id))
	defer cancel()
	r := &consolePage{t: p.t, ctx: tab, shots: p.shots}
	r.do(chromedp.EmulateViewport(1280, 900))
	r.wait("the report is shown", `document.readyState === 'complete' &&
		document.title.includes('demo') && !!document.querySelector('main section')`)
	r.screenshot("report.png", chromedp.FullScreenshot(100))
	if got := p.text(`document.getElementById('report-link').pathname`); !strings.HasPrefix(
		got, "/reports/demo/") {
		p.t.Errorf("report link = %q, want a /reports/demo/ page", got)
	}
}

// busConn connects to the server's NATS for the rest of the test.
func busConn(t *testing.T, srv *Server) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(srv.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func publishJSON(t *testing.T, nc *nats.Conn, subject string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish(subject, data); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
}
