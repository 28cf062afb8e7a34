package director

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
	"github.com/zhubo-live/zhubo/script/planner"
)

// streamingRoom is a room whose LLM streams reply to every request. The
// caller closes the server before the room's cleanup counts goroutines.
func streamingRoom(t *testing.T, reply fakellm.Reply, edits ...func(*Config)) (*room,
	chan bus.Clause, *fakellm.Server) {
	t.Helper()
	srv := fakellm.New(fakellm.Fixed(reply))
	p, err := personalize.New(personalize.LLMConfig{BaseURL: srv.URL(), Model: "test",
		Total: 20 * time.Second, FirstToken: 10 * time.Second,
		Registerer: prometheus.NewRegistry(), Breaker: personalize.BreakerConfig{Failures: 100}})
	if err != nil {
		t.Fatal(err)
	}
	r := startRoomWith(t, p, func(c *Config) {
		c.LLMBudget = 30 * time.Second
		for _, edit := range edits {
			edit(c)
		}
	})
	clauses := make(chan bus.Clause, 64)
	subscribe(t, r.nc, bus.ClausesSubject("demo"), clauses)
	return r, clauses, srv
}

func nextClause(t *testing.T, ch chan bus.Clause) bus.Clause {
	t.Helper()
	select {
	case c := <-ch:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no clause within 5s")
	}
	return bus.Clause{}
}

// TestRepliesStreamClauseByClause checks that a line goes out with its first
// guarded clause, marked streaming, and its later clauses follow in order,
// the last one Final with the whole text.
func TestRepliesStreamClauseByClause(t *testing.T) {
	const text = "家人们晚上好呀欢迎你们，今天给大家带来一款好精华。现在下单还送小样！"
	r, clauses, srv := streamingRoom(t, fakellm.Reply{Chunks: fakellm.Chunks(text, 4),
		Delay: 40 * time.Millisecond})
	defer srv.Close()
	u := r.next(t, func(bus.Utterance) bool { return true })
	if !u.Streaming || u.Text != "家人们晚上好呀欢迎你们，" || u.PersonalizedBy != bus.ByLLM {
		t.Fatalf("utterance %q streaming %v by %s, want the first clause, streaming, by llm",
			u.Text, u.Streaming, u.PersonalizedBy)
	}
	got := u.Text
	for i := 1; ; i++ {
		c := nextClause(t, clauses)
		if c.Utterance != u.ID || c.Index != i {
			t.Fatalf("clause %+v, want index %d of %s", c, i, u.ID)
		}
		got += c.Text
		if c.Final {
			if got != text || c.TextFinal != text {
				t.Errorf("clauses say %q, final text %q, want %q", got, c.TextFinal, text)
			}
			if i != 3 {
				t.Errorf("final clause has index %d, want 3 (two clauses, then the end)", i)
			}
			return
		}
	}
}

// TestSkipEndsAStreamingLine checks that a skip cancels the LLM mid-reply
// and ends the streaming line on the bus with a Final Clause, after which
// nothing more of it is published.
func TestSkipEndsAStreamingLine(t *testing.T) {
	chunks := append([]string{"家人们晚上好呀欢迎你们，"},
		fakellm.Chunks("今天给大家带来一款好精华。现在下单还送小样！", 4)...)
	r, clauses, srv := streamingRoom(t, fakellm.Reply{Chunks: chunks, Delay: time.Second})
	defer srv.Close()
	u := r.next(t, func(bus.Utterance) bool { return true })
	if !u.Streaming {
		t.Fatalf("utterance %q not streaming", u.Text)
	}
	r.publish(t, bus.CuesSubject("demo"),
		bus.Cue{V: 1, ID: "c-1", Type: bus.CueSkip, Room: "demo"})
	c := nextClause(t, clauses)
	if c.Utterance != u.ID || !c.Final || c.Text != "" || c.TextFinal != u.Text {
		t.Errorf("after skip clause %+v, want an empty Final of %s", c, u.ID)
	}
	select {
	case c := <-clauses:
		if c.Utterance == u.ID {
			t.Errorf("clause %+v of the skipped line after its Final", c)
		}
	case <-time.After(1500 * time.Millisecond):
	}
}

// TestAStreamingLineOnAirIsNotAStall checks that the clauses of a streaming
// line that arrive after it started lengthen it: the voice reported only the
// first clause's length, and the line after it waits for the rest.
func TestAStreamingLineOnAirIsNotAStall(t *testing.T) {
	const text = "家人们晚上好，" + // The first clause, on air at once; then about 15 s more.
		"今天这款精华是我自己用了很久的，质地清爽好吸收，上脸一点都不黏，" +
		"早晚洗完脸以后取两三滴，轻轻拍开就好，" +
		"喜欢清爽肤感的姐妹们可以看看。"
	var offset atomic.Int64
	t0 := time.Now()
	r, clauses, srv := streamingRoom(t, fakellm.Reply{Chunks: fakellm.Chunks(text, 4),
		Delay: 60 * time.Millisecond}, func(c *Config) {
		c.Now = func() time.Time { return t0.Add(time.Duration(offset.Load())) }
	})
	defer srv.Close()
	first := r.next(t, func(bus.Utterance) bool { return true })
	said := planner.EstimateDuration("zh", first.Text, 0) // What the voice has so far
	r.publish(t, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo",
		Utterance: first.ID, State: bus.PlayoutStarted, DurationMS: int(said.Milliseconds())})
	for c := nextClause(t, clauses); !c.Final || c.Utterance != first.ID; c = nextClause(t, clauses) {
	}
	second := r.next(t, func(bus.Utterance) bool { return true })

	// Past the second line's estimated end and the stall allowance, inside
	// the first line's later clauses.
	rest := planner.EstimateDuration("zh", strings.TrimPrefix(text, first.Text), 0)
	at := said + rest + 2*time.Second
	if second.DurationMS > 0 && at < time.Duration(second.DurationMS)*time.Millisecond+5*time.Second {
		t.Fatalf("the second line (%d ms) ends too late for this test", second.DurationMS)
	}
	offset.Store(int64(at))
	select {
	case u := <-r.utts:
		t.Fatalf("line %q planned while %s was on air (%s pending)", u.Text, first.ID, second.ID)
	case <-time.After(600 * time.Millisecond):
	}
	if n := r.d.Stats().Stalls; n != 0 {
		t.Fatalf("%d stalls while a streaming line was on air", n)
	}
}
