package director

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

func priceQuestion(i int, burstID, text string) bus.Intent {
	return bus.Intent{V: 1, Event: fmt.Sprintf("e-%d", i), Room: "demo",
		Intent: bus.IntentPrice, Text: text, Burst: burstID, Confidence: 0.9,
		User: bus.User{ID: fmt.Sprintf("u%d", i), Name: fmt.Sprintf("观众%d", i)}}
}

// noReply fails if a reply comes within d.
func (r *room) noReply(t *testing.T, d time.Duration, why string) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case u := <-r.utts:
			if u.Source == bus.SourceReply {
				t.Errorf("%s: second reply %q to %v", why, u.Text, u.ReplyTo)
				return
			}
		case <-deadline:
			return
		}
	}
}

// TestAQuestionAskedByManyGetsOneAnswer asks the price five times, in two
// bursts of different wording, and checks that one answer for the many
// replies to all five, and that ingest's merged Intent of a burst and an
// asker who comes while the answer is said bring no second answer.
func TestAQuestionAskedByManyGetsOneAnswer(t *testing.T) {
	r := startRoom(t, nil)
	var want []string
	for i := range 5 {
		b, text := "b-1", "多少钱"
		if i%2 == 1 {
			b, text = "b-2", "这个什么价"
		}
		r.publish(t, bus.IntentsSubject("demo"), priceQuestion(i, b, text))
		want = append(want, fmt.Sprintf("e-%d", i))
	}
	u := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if got := slices.Sorted(slices.Values(u.ReplyTo)); !slices.Equal(got, want) {
		t.Errorf("answer replies to %v, want all five askers %v", u.ReplyTo, want)
	}
	if u.Theme != bus.IntentPrice || strings.Contains(u.Text, "观众0") ||
		!strings.Contains(u.Text, "宝宝") || !strings.Contains(u.Text, u.Price) {
		t.Errorf("answer %q (theme %s), want the price %s told to the many, not to 观众0",
			u.Text, u.Theme, u.Price)
	}
	r.publish(t, bus.IntentsSubject("demo"), bus.Intent{V: 1, Event: "e-0", Room: "demo",
		Intent: bus.IntentPrice, Text: "多少钱", Burst: "b-1", Count: 3,
		Users:    []bus.User{{ID: "u0"}, {ID: "u2"}, {ID: "u4"}},
		EventIDs: []string{"e-0", "e-2", "e-4"}})
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(9, "b-3", "价格多少"))
	r.noReply(t, time.Second, "merged Intent and a late asker")
	if s := r.d.Stats(); s.Replies != 1 || s.Joined != 1 {
		t.Errorf("stats %+v, want 1 reply and 1 asker joined while it was said", s)
	}
}

// TestOneAskerGetsAnAnswerByName checks that a question asked once is still
// answered to the asker, not to a crowd.
func TestOneAskerGetsAnAnswerByName(t *testing.T) {
	r := startRoom(t, nil)
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(1, "b-1", "多少钱"))
	u := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if !slices.Equal(u.ReplyTo, []string{"e-1"}) || strings.Contains(u.Text, "好多宝宝") {
		t.Errorf("answer %q to %v, want one for e-1 alone", u.Text, u.ReplyTo)
	}
}

// TestAskersJoinAnAnswerBeingPrepared asks while the LLM still writes the
// answer to the same question and checks that the answer replies to both.
func TestAskersJoinAnAnswerBeingPrepared(t *testing.T) {
	r, _, srv := streamingRoom(t, fakellm.Reply{FirstDelay: 1500 * time.Millisecond,
		Chunks: fakellm.Chunks("好多宝宝在问价格，我统一说一下。", 2)})
	defer srv.Close()
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(1, "b-1", "多少钱"))
	// The opening line's request is the first; the answer's the second.
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.Requests()) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the answer was not sent to the LLM within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(2, "b-2", "价格呢"))
	u := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if !slices.Equal(u.ReplyTo, []string{"e-1", "e-2"}) {
		t.Errorf("answer replies to %v, want [e-1 e-2]: the second asker joins it", u.ReplyTo)
	}
	r.noReply(t, 500*time.Millisecond, "asker who joined the prepared answer")
	if s := r.d.Stats(); s.Joined != 1 {
		t.Errorf("%d askers joined the answer being prepared, want 1", s.Joined)
	}
}

// TestRepliesArePacedByTheVoice asks two different questions at once: the
// second answer must wait in the director until the voice has started the
// first, however long that takes, not go to the voice a reply gap later to
// pile up there.
func TestRepliesArePacedByTheVoice(t *testing.T) {
	var offset atomic.Int64
	t0 := time.Now()
	advance := func(d time.Duration) { offset.Add(int64(d)) }
	r := startRoomWith(t, nil, func(c *Config) {
		c.Now = func() time.Time { return t0.Add(time.Duration(offset.Load())) }
	})
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(1, "b-1", "多少钱"))
	usage := priceQuestion(2, "b-2", "这个怎么用呀")
	usage.Intent = bus.IntentUsage
	r.publish(t, bus.IntentsSubject("demo"), usage)
	time.Sleep(100 * time.Millisecond) // both reach the director
	advance(time.Second)               // past the gathering of askers
	first := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })

	advance(10 * time.Second) // the voice is still busy with the script
	r.noReply(t, 600*time.Millisecond, "before the voice started the first answer")
	r.publish(t, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo",
		Utterance: first.ID, State: bus.PlayoutStarted, DurationMS: 4000})
	second := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if slices.Equal(second.ReplyTo, first.ReplyTo) {
		t.Errorf("second answer replies to %v again", second.ReplyTo)
	}
}
