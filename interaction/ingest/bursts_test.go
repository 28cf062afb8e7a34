package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// startBursts runs an Ingest on the demo room with a test clock and a fast tick,
// and subscribes to the room's subject of the given kind.
func startBursts(t *testing.T, cfg Config, subject string) (*nats.Conn, *clock,
	*Ingest, *nats.Subscription) {
	t.Helper()
	nc := startNATS(t)
	clk := newClock()
	cfg.Conn, cfg.Classifier, cfg.Now = nc, testClassifier(t), clk.Now
	cfg.Rooms, cfg.Tick, cfg.UserRate = []string{"demo"}, 2*time.Millisecond, -1
	in, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := nc.SubscribeSync(subject)
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		t.Fatal(err)
	}
	runIngest(t, in)
	return nc, clk, in, sub
}

// next decodes messages from sub until one satisfies want, failing at the deadline.
func next[T any](t *testing.T, sub *nats.Subscription, want func(T) bool) T {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		m, err := sub.NextMsg(time.Until(deadline))
		if err != nil {
			t.Fatalf("no matching message on %s: %v", sub.Subject, err)
		}
		var v T
		if err := json.Unmarshal(m.Data, &v); err != nil {
			t.Fatalf("%s: %v", m.Data, err)
		}
		if want(v) {
			return v
		}
	}
}

func every[T any](T) bool { return true }

func TestKou1BurstOverNATS(t *testing.T) {
	nc, clk, in, sub := startBursts(t, Config{}, bus.IntentsSubject("demo"))
	variants := []string{"扣1", "扣1!!", "扣 1", "111", "扣１"}
	for i := range 300 {
		publish(t, nc, "demo", comment(fmt.Sprint("e-", i), fmt.Sprint("u", i), variants[i%5]))
	}
	var ids []string
	for i := range 300 {
		it := next(t, sub, every[bus.Intent])
		if it.Count != 0 || it.Intent != bus.IntentPurchase || it.Burst != "b-1" {
			t.Fatalf("intent %d: %+v, want a purchase of burst b-1", i, it)
		}
		ids = append(ids, it.Event)
	}

	clk.Advance(3 * time.Second)
	merged := next(t, sub, every[bus.Intent])
	events := slices.Clone(merged.EventIDs)
	slices.Sort(events)
	slices.Sort(ids)
	if merged.Burst != "b-1" || merged.Count != 300 || merged.Event != "e-0" ||
		merged.Intent != bus.IntentPurchase || len(merged.Users) != 20 ||
		merged.User.ID != "u0" || !slices.Equal(events, ids) || len(ids) != 300 {
		t.Errorf("merged: burst %s count %d event %s intent %s users %d events %d",
			merged.Burst, merged.Count, merged.Event, merged.Intent, len(merged.Users),
			len(merged.EventIDs))
	}
	// A message is counted once its publish returns, just after it is out.
	eventually(t, "the merged intent counted", func() bool { return in.Stats().Merged > 0 })
	if s := in.Stats(); s.Merged != 1 || s.Intents[bus.IntentPurchase] != 300 {
		t.Errorf("stats: merged %d, purchase intents %d", s.Merged, s.Intents[bus.IntentPurchase])
	}
}

func TestOnlyBurstsOfManyAreMerged(t *testing.T) {
	nc, clk, _, sub := startBursts(t, Config{}, bus.IntentsSubject("demo"))
	publish(t, nc, "demo", comment("q", "u1", "多少钱"))
	publish(t, nc, "demo", comment("h1", "u2", "主播好"))
	publish(t, nc, "demo", comment("h2", "u3", "主播晚上好呀"))
	for range 3 {
		next(t, sub, every[bus.Intent])
	}
	clk.Advance(3 * time.Second)
	got := next(t, sub, every[bus.Intent])
	if got.Intent != bus.IntentGreeting || got.Count != 2 ||
		fmt.Sprint(got.EventIDs) != "[h1 h2]" || got.Text != "主播好" {
		t.Errorf("first merged intent: %+v, want the two greetings", got)
	}
}

func TestThanksIntents(t *testing.T) {
	nc, clk, _, sub := startBursts(t, Config{ThanksIntents: true}, bus.IntentsSubject("demo"))
	for i := range 3 {
		publish(t, nc, "demo", fmt.Sprintf(
			`{"id":"g%d","type":"gift","room":"demo","user":{"id":"u%d"},"text":"小心心","count":2}`,
			i, i))
	}
	publish(t, nc, "demo", `{"id":"f","type":"follow","room":"demo","user":{"id":"u9"}}`)
	publish(t, nc, "demo", comment("c", "u1", "多少钱"))
	next(t, sub, every[bus.Intent]) // the comment's own Intent
	clk.Advance(3 * time.Second)
	gift := next(t, sub, every[bus.Intent])
	follow := next(t, sub, every[bus.Intent])
	if gift.Intent != "thanks.gift" || gift.Count != 3 || gift.Event != "g0" ||
		len(gift.Users) != 3 || gift.Text != "小心心" {
		t.Errorf("gift burst: %+v", gift)
	}
	if follow.Intent != "thanks.follow" || follow.Count != 1 || follow.User.ID != "u9" {
		t.Errorf("follow burst: %+v", follow)
	}
}

func kind(k string) func(bus.RoomSignal) bool {
	return func(s bus.RoomSignal) bool { return s.Kind == k }
}

func TestSignalQuiet(t *testing.T) {
	nc, clk, in, sub := startBursts(t, Config{}, bus.SignalsSubject("demo"))
	clk.Advance(31 * time.Second)
	got := next(t, sub, kind(bus.SignalQuiet))
	if got.Count != 31 || got.Room != "demo" || got.V != 1 || !got.At.Equal(clk.Now()) {
		t.Errorf("quiet: %+v, want 31 s of silence now", got)
	}

	clk.Advance(5 * time.Second)
	publish(t, nc, "demo", comment("c", "u1", "主播好"))
	if got := next(t, sub, kind(bus.SignalQuiet)); got.Count != 0 {
		t.Errorf("after a comment: %+v, want quiet with count 0", got)
	}
	eventually(t, "the second quiet signal counted", func() bool {
		return in.Stats().Signals[bus.SignalQuiet] >= 2
	})
	if n := in.Stats().Signals[bus.SignalQuiet]; n != 2 {
		t.Errorf("%d quiet signals published, want 2 (repeats come every 10 s)", n)
	}
}

func TestSignalPurchaseWaveAndQuestionBurst(t *testing.T) {
	nc, clk, _, sub := startBursts(t, Config{}, bus.SignalsSubject("demo"))
	for i := range 10 {
		publish(t, nc, "demo", comment(fmt.Sprint("p", i), fmt.Sprint("u", i), "想要"))
	}
	if got := next(t, sub, kind(bus.SignalPurchaseWave)); got.Count != 10 {
		t.Errorf("purchase wave: %+v, want 10 a minute", got)
	}
	for i := range 5 {
		publish(t, nc, "demo", comment(fmt.Sprint("q", i), fmt.Sprint("v", i), "多少钱？"))
	}
	got := next(t, sub, kind(bus.SignalQuestionBurst))
	if got.Count != 5 || got.Intent != bus.IntentPrice {
		t.Errorf("question burst: %+v", got)
	}

	clk.Advance(61 * time.Second)
	if got := next(t, sub, kind(bus.SignalPurchaseWave)); got.Count != 0 {
		t.Errorf("a minute later: %+v, want the wave over", got)
	}
}

func TestSignalViewers(t *testing.T) {
	nc, clk, _, sub := startBursts(t, Config{}, bus.SignalsSubject("demo"))
	publish(t, nc, "demo", `{"id":"v1","type":"viewers","room":"demo","count":100}`)
	if got := next(t, sub, kind(bus.SignalViewers)); got.Count != 100 {
		t.Errorf("viewers: %+v", got)
	}
	clk.Advance(20 * time.Second)
	publish(t, nc, "demo", `{"id":"v2","type":"viewers","room":"demo","count":80}`)
	if got := next(t, sub, kind(bus.SignalViewers)); got.Count != 80 {
		t.Errorf("viewers: %+v, want 80", got)
	}
	if got := next(t, sub, kind(bus.SignalViewersDropping)); got.Count != 20 {
		t.Errorf("dropping: %+v, want 20", got)
	}
	clk.Advance(61 * time.Second)
	if got := next(t, sub, kind(bus.SignalViewersDropping)); got.Count != 0 {
		t.Errorf("a minute later: %+v, want dropping over", got)
	}
}
