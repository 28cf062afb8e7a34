package director

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

// room is a director under test with a real nats-server and the demo show.
type room struct {
	nc    *nats.Conn
	utts  chan bus.Utterance
	acks  chan bus.Ack
	d     *Director
	ended chan struct{}
}

func startRoom(t *testing.T, p personalize.Personalizer) *room {
	t.Helper()
	return startRoomWith(t, p, nil)
}

// startRoomWith is startRoom with a last say on the director's Config.
func startRoomWith(t *testing.T, p personalize.Personalizer, edit func(*Config)) *room {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() { waitGoroutines(t, before) })
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
	sh, err := show.Load("../../configs/shows/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := phrase.LoadFS(os.DirFS("../../configs/phrases"), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := planner.New(sh, lib, planner.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := &room{nc: nc, utts: make(chan bus.Utterance, 256), acks: make(chan bus.Ack, 16),
		ended: make(chan struct{})}
	subscribe(t, nc, bus.UtterancesSubject("demo"), r.utts)
	subscribe(t, nc, bus.AcksSubject("demo"), r.acks)
	cfg := Config{Room: "demo", Conn: nc, Planner: pl, Show: sh, Personalizer: p,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if edit != nil {
		edit(&cfg)
	}
	r.d, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithCancel(t)
	go func() { _ = r.d.Run(ctx); close(r.ended) }()
	t.Cleanup(func() {
		cancel()
		<-r.ended
	})
	<-r.d.Ready()
	return r
}

func subscribe[T any](t *testing.T, nc *nats.Conn, subject string, ch chan T) {
	t.Helper()
	_, err := nc.Subscribe(subject, func(m *nats.Msg) {
		var v T
		if json.Unmarshal(m.Data, &v) == nil {
			ch <- v
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = nc.Flush()
}

func (r *room) publish(t *testing.T, subject string, v any) {
	t.Helper()
	if err := bus.Publish(r.nc, subject, v); err != nil {
		t.Fatal(err)
	}
}

// next waits for the next Utterance that matches keep.
func (r *room) next(t *testing.T, keep func(bus.Utterance) bool) bus.Utterance {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case u := <-r.utts:
			if keep(u) {
				return u
			}
		case <-timeout:
			t.Fatal("no matching utterance within 5s")
		}
	}
}

func TestScriptKeepsOneLineAheadOfTheVoice(t *testing.T) {
	r := startRoom(t, nil)
	first := r.next(t, func(bus.Utterance) bool { return true })
	if first.Source != bus.SourceScript || first.Scene != bus.SceneOpening || first.Seq != 1 {
		t.Errorf("first utterance %+v, want the opening script line with seq 1", first)
	}
	select {
	case u := <-r.utts:
		t.Fatalf("second line %q planned before the voice started the first", u.Text)
	case <-time.After(300 * time.Millisecond):
	}
	r.publish(t, bus.PlayoutSubject("demo"),
		bus.Playout{V: 1, Room: "demo", Utterance: first.ID, State: bus.PlayoutStarted})
	second := r.next(t, func(bus.Utterance) bool { return true })
	if second.Seq != 2 || second.PersonalizedBy != bus.ByTemplate {
		t.Errorf("second utterance %+v, want seq 2 by template", second)
	}
}

// TestSeqContinuesAndCheckpointsPrecedeLines starts a director where an earlier
// owner of the room stopped and checks that each line is checkpointed before it
// is published.
func TestSeqContinuesAndCheckpointsPrecedeLines(t *testing.T) {
	checkpoints := make(chan int64, 16)
	r := startRoomWith(t, nil, func(c *Config) {
		c.Seq = 41
		c.Checkpoint = func(u bus.Utterance) { checkpoints <- u.Seq }
	})
	first := r.next(t, func(bus.Utterance) bool { return true })
	if first.Seq != 42 || first.ID != "u-42" {
		t.Errorf("first utterance seq %d id %s, want 42 u-42 after an earlier owner's 41",
			first.Seq, first.ID)
	}
	// The checkpoint runs before the publish on the same goroutine, so it is in
	// the channel by the time the line has arrived.
	select {
	case got := <-checkpoints:
		if got != 42 {
			t.Errorf("checkpoint seq %d, want 42", got)
		}
	default:
		t.Error("line published without a checkpoint before it")
	}
}

func TestQuestionsAreAnsweredAtOnce(t *testing.T) {
	r := startRoom(t, nil)
	r.publish(t, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: "e-1", Room: "demo",
		Intent: bus.IntentPrice, Text: "多少钱", Burst: "b-1", User: bus.User{ID: "u1", Name: "小美"}})
	u := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if len(u.ReplyTo) != 1 || u.ReplyTo[0] != "e-1" {
		t.Errorf("reply answers %v, want [e-1]", u.ReplyTo)
	}
}

func TestAChorusGetsOneReplyForEverybody(t *testing.T) {
	r := startRoom(t, nil)
	var ids []string
	var users []bus.User
	for i := range 300 {
		id := fmt.Sprintf("e-%d", i)
		u := bus.User{ID: fmt.Sprintf("u%d", i), Name: fmt.Sprintf("观众%d", i)}
		ids, users = append(ids, id), append(users, u)
		r.publish(t, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: id, Room: "demo",
			Intent: bus.IntentPurchase, Text: "扣1", Burst: "b-7", User: u})
	}
	// Ingest's merged Intent closes the burst.
	r.publish(t, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: ids[0], Room: "demo",
		Intent: bus.IntentPurchase, Text: "扣1", Burst: "b-7", Count: 300,
		Users: users[:20], EventIDs: ids})
	u := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if len(u.ReplyTo) != 300 {
		t.Fatalf("chorus reply answers %d comments, want all 300", len(u.ReplyTo))
	}
	select {
	case u := <-r.utts:
		if u.Source == bus.SourceReply {
			t.Errorf("second reply %q to the same chorus", u.Text)
		}
	case <-time.After(2 * time.Second):
	}
}

func TestCuesAreAcked(t *testing.T) {
	r := startRoom(t, nil)
	r.publish(t, bus.CuesSubject("demo"), bus.Cue{V: 1, ID: "c-1", Type: bus.CueSay, Room: "demo",
		Args: map[string]string{"text": "欢迎新来的宝宝"}})
	said := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceCue })
	if said.Text != "欢迎新来的宝宝" {
		t.Errorf("say cue spoke %q", said.Text)
	}
	r.publish(t, bus.CuesSubject("demo"), bus.Cue{V: 1, ID: "c-2", Type: bus.CueSwitchProduct,
		Room: "demo", Args: map[string]string{"product": "x"}})
	want := map[string]bus.Ack{
		"c-1": {V: 1, Cue: "c-1", OK: true, By: "director"},
		"c-2": {V: 1, Cue: "c-2", OK: false, Error: `unknown product "x"`, By: "director"},
	}
	for range want {
		select {
		case a := <-r.acks:
			if a != want[a.Cue] {
				t.Errorf("ack %+v, want %+v", a, want[a.Cue])
			}
		case <-time.After(3 * time.Second):
			t.Fatal("missing ack")
		}
	}
}

func TestLLMPersonalizesAndFallsBack(t *testing.T) {
	srv := fakellm.New(fakellm.Sequence(
		fakellm.Reply{Chunks: fakellm.Chunks("家人们晚上好，欢迎来到直播间。", 4)},
		fakellm.Reply{Status: 500},
	))
	defer srv.Close()
	p, err := personalize.New(personalize.LLMConfig{BaseURL: srv.URL(), Model: "test",
		Registerer: prometheus.NewRegistry(), Breaker: personalize.BreakerConfig{Failures: 100}})
	if err != nil {
		t.Fatal(err)
	}
	r := startRoom(t, p)
	first := r.next(t, func(bus.Utterance) bool { return true })
	if first.PersonalizedBy != bus.ByLLM || first.Text != "家人们晚上好，欢迎来到直播间。" {
		t.Errorf("first line %q by %s, want the LLM's", first.Text, first.PersonalizedBy)
	}
	r.publish(t, bus.PlayoutSubject("demo"),
		bus.Playout{V: 1, Room: "demo", Utterance: first.ID, State: bus.PlayoutStarted})
	second := r.next(t, func(bus.Utterance) bool { return true })
	if second.PersonalizedBy != bus.ByTemplate || second.Text == "" {
		t.Errorf("after a 500 the line %q is by %s, want the template", second.Text, second.PersonalizedBy)
	}
}

func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Errorf("%d goroutines after stop, %d before", n, before)
	}
}

// TestALongAnswerOnAirIsNotAStall keeps the voice busy with a reply far longer
// than the script line waiting behind it: the director must not write that
// line off as lost and plan another until the reply's end has passed too.
func TestALongAnswerOnAirIsNotAStall(t *testing.T) {
	var offset atomic.Int64
	t0 := time.Now()
	r := startRoomWith(t, nil, func(c *Config) {
		c.Now = func() time.Time { return t0.Add(time.Duration(offset.Load())) }
	})
	first := r.next(t, func(bus.Utterance) bool { return true })
	r.publish(t, bus.PlayoutSubject("demo"),
		bus.Playout{V: 1, Room: "demo", Utterance: first.ID, State: bus.PlayoutStarted})
	second := r.next(t, func(bus.Utterance) bool { return true })
	r.publish(t, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo",
		Utterance: "reply-1", State: bus.PlayoutStarted, DurationMS: 60_000})
	time.Sleep(100 * time.Millisecond) // the Playout reaches the director

	offset.Store(int64(15 * time.Second)) // past the second line's end, inside the reply
	select {
	case u := <-r.utts:
		t.Fatalf("line %q planned while a reply was on air (second line %s pending)",
			u.Text, second.ID)
	case <-time.After(600 * time.Millisecond):
	}
	if n := r.d.Stats().Stalls; n != 0 {
		t.Fatalf("%d stalls while a reply was on air", n)
	}

	offset.Store(int64(70 * time.Second)) // the reply over, the voice silent
	third := r.next(t, func(bus.Utterance) bool { return true })
	if n := r.d.Stats().Stalls; n != 1 || third.Seq != second.Seq+1 {
		t.Errorf("after the reply: %d stalls, next line seq %d; want 1 stall and seq %d",
			n, third.Seq, second.Seq+1)
	}
}
