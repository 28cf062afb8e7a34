package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func publish(t *testing.T, nc *nats.Conn, room, payload string) {
	t.Helper()
	if err := nc.Publish(bus.EventsSubject(room), []byte(payload)); err != nil {
		t.Fatal(err)
	}
}

func comment(id, user, text string) string {
	e := bus.Event{V: 1, ID: id, Type: bus.EventComment, Room: "demo",
		User: bus.User{ID: user, Name: "小美"}, Text: text}
	data, _ := json.Marshal(e)
	return string(data)
}

func nextIntent(t *testing.T, sub *nats.Subscription) bus.Intent {
	t.Helper()
	m, err := sub.NextMsg(waitFor)
	if err != nil {
		t.Fatalf("no intent: %v", err)
	}
	var it bus.Intent
	if err := json.Unmarshal(m.Data, &it); err != nil {
		t.Fatalf("intent %s: %v", m.Data, err)
	}
	return it
}

func TestCommentBecomesIntent(t *testing.T) {
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

	// A like yields no Intent: the first Intent to arrive is the comment's.
	publish(t, nc, "demo", `{"v":1,"id":"e-0","type":"like","room":"demo","user":{"id":"u1"}}`)
	publish(t, nc, "demo", comment("e-1", "u42", "这个适合干皮吗"))
	got := nextIntent(t, sub)
	want := bus.Intent{V: 1, Event: "e-1", Room: "demo", Intent: bus.IntentSuitability,
		Burst: "b-1", Text: "这个适合干皮吗", User: bus.User{ID: "u42", Name: "小美"}}
	got.Confidence, want.Confidence = 0, 0
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("intent = %+v\nwant     %+v", got, want)
	}

	s := in.Stats()
	if s.Accepted["comment"] != 1 || s.Accepted["like"] != 1 {
		t.Errorf("accepted = %v, want one comment and one like", s.Accepted)
	}
	if s.Intents[bus.IntentSuitability] != 1 {
		t.Errorf("intents = %v", s.Intents)
	}
	if sig := in.Signals("demo"); sig.ChatPerMinute != 1 || sig.LikesPerMinute != 1 {
		t.Errorf("signals = %+v", sig)
	}
}

func TestRejectsCountedAndLoggedOncePerMinute(t *testing.T) {
	nc := startNATS(t)
	clk := newClock()
	logs := &records{}
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t), Now: clk.Now,
		Logger: slog.New(logs), Rooms: []string{"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)

	bad := map[string][]string{
		"bad_json":      {`{`, `not json`, `[1,2]`, `{"v":1,"id":7}`, `null x`},
		"too_large":     {comment("e", "u", strings.Repeat("大", bus.MaxEventBytes))},
		"bad_utf8":      {"{\"v\":1,\"text\":\"\xc3\x28\"}"},
		"unknown_type":  {`{"v":1,"id":"e","type":"dance","room":"demo","user":{"id":"u"}}`},
		"missing_field": {`{"v":1,"id":"e","type":"comment","room":"demo","user":{"id":"u"}}`},
		"room_mismatch": {`{"v":1,"id":"e","type":"like","room":"other","user":{"id":"u"}}`},
	}
	total := 0
	for _, payloads := range bad {
		for _, p := range payloads {
			publish(t, nc, "demo", p)
			total++
		}
	}
	eventually(t, "all rejections counted", func() bool {
		return sum(in.Stats().Rejected) == total
	})
	for why, payloads := range bad {
		if got := in.Stats().Rejected[why]; got != uint64(len(payloads)) {
			t.Errorf("rejected[%s] = %d, want %d", why, got, len(payloads))
		}
		if got := len(logs.find("event rejected", why)); got != 1 {
			t.Errorf("%s logged %d times in one minute, want 1", why, got)
		}
	}

	clk.Advance(61 * time.Second)
	publish(t, nc, "demo", `{`)
	eventually(t, "bad_json logged again", func() bool {
		return len(logs.find("event rejected", "bad_json")) == 2
	})
	second := logs.find("event rejected", "bad_json")[1]
	if n := second["suppressed"].Uint64(); n != 4 {
		t.Errorf("suppressed = %d, want 4", n)
	}
	if in.Stats().Accepted["comment"] != 0 {
		t.Errorf("accepted = %v, want none", in.Stats().Accepted)
	}
}

func sum(m map[string]uint64) int {
	n := 0
	for _, v := range m {
		n += int(v)
	}
	return n
}

func TestUserRateLimit(t *testing.T) {
	nc := startNATS(t)
	clk := newClock()
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t), Now: clk.Now,
		UserRate: 1, UserBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)

	for i := range 5 {
		publish(t, nc, "demo", comment(fmt.Sprint("a", i), "u1", "多少钱"))
	}
	publish(t, nc, "demo", comment("b", "u2", "多少钱"))
	eventually(t, "six events counted", func() bool {
		s := in.Stats()
		return s.Accepted["comment"]+s.Rejected["rate_limited"] == 6
	})
	if s := in.Stats(); s.Accepted["comment"] != 3 || s.Rejected["rate_limited"] != 3 {
		t.Fatalf("accepted %v rejected %v, want 3 and 3", s.Accepted, s.Rejected)
	}

	clk.Advance(time.Second)
	publish(t, nc, "demo", comment("a5", "u1", "多少钱"))
	eventually(t, "refilled token used", func() bool { return in.Stats().Accepted["comment"] == 4 })
}

func TestSignals(t *testing.T) {
	nc := startNATS(t)
	clk := newClock()
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t), Now: clk.Now, UserRate: -1})
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)
	accepted := func(n int) func() bool {
		return func() bool { return sum(in.Stats().Accepted) == n }
	}

	publish(t, nc, "demo", `{"id":"v1","type":"viewers","room":"demo","count":100}`)
	publish(t, nc, "demo", `{"id":"l1","type":"like","room":"demo","user":{"id":"u"},"count":10}`)
	publish(t, nc, "demo", comment("c1", "u1", "扣1"))
	publish(t, nc, "demo", comment("c2", "u2", "主播好"))
	eventually(t, "first events", accepted(4))
	clk.Advance(30 * time.Second)
	publish(t, nc, "demo", `{"id":"v2","type":"viewers","room":"demo","count":150}`)
	eventually(t, "viewers update", accepted(5))
	clk.Advance(10 * time.Second)

	got := in.Signals("demo")
	if got.Viewers != 150 || got.ViewersTrend != 50 || got.LikesPerMinute != 10 ||
		got.ChatPerMinute != 2 || got.PurchaseIntentsPerMinute != 1 ||
		got.SinceLastComment != 40*time.Second {
		t.Errorf("signals = %+v", got)
	}

	clk.Advance(time.Minute)
	got = in.Signals("demo")
	if got.ChatPerMinute != 0 || got.LikesPerMinute != 0 || got.ViewersTrend != 0 ||
		got.Viewers != 150 || got.SinceLastComment != 100*time.Second {
		t.Errorf("a minute later, signals = %+v", got)
	}
	if quiet := in.Signals("empty"); quiet.SinceLastComment != 100*time.Second {
		t.Errorf("silent room: since last comment %v, want since start", quiet.SinceLastComment)
	}
}

func TestRunLifecycle(t *testing.T) {
	nc := startNATS(t)
	if _, err := New(Config{Conn: nc}); !errors.Is(err, ErrConfig) {
		t.Errorf("New without classifier: %v, want ErrConfig", err)
	}
	_, err := New(Config{Conn: nc, Classifier: testClassifier(t), Rooms: []string{"a.b"}})
	if !errors.Is(err, ErrConfig) {
		t.Errorf("New with bad room: %v, want ErrConfig", err)
	}
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t)})
	if err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)
	if err := in.Run(context.Background()); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run: %v, want ErrRunning", err)
	}
}

func TestRunEndsWhenConnCloses(t *testing.T) {
	nc := startNATS(t)
	in, err := New(Config{Conn: nc, Classifier: testClassifier(t)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- in.Run(context.Background()) }()
	<-in.Ready()
	nc.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrConnClosed) {
			t.Errorf("Run = %v, want ErrConnClosed", err)
		}
	case <-time.After(waitFor):
		t.Fatal("Run did not end after the connection closed")
	}
}
