package director

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// clockRoom is a room on a clock the test moves.
func clockRoom(t *testing.T) (*room, func(time.Duration)) {
	t.Helper()
	var offset atomic.Int64
	t0 := time.Now()
	r := startRoomWith(t, nil, func(c *Config) {
		c.Now = func() time.Time { return t0.Add(time.Duration(offset.Load())) }
	})
	return r, func(d time.Duration) { offset.Add(int64(d)) }
}

func (r *room) playout(t *testing.T, id, state string, queued, durationMS int) {
	t.Helper()
	r.publish(t, bus.PlayoutSubject("demo"), bus.Playout{V: 1, Room: "demo", Utterance: id,
		State: state, Queued: queued, DurationMS: durationMS})
}

// noLine fails if any line comes within d.
func (r *room) noLine(t *testing.T, d time.Duration, why string) {
	t.Helper()
	select {
	case u := <-r.utts:
		t.Fatalf("%s: line %s %q (%s)", why, u.ID, u.Text, u.Source)
	case <-time.After(d):
	}
}

// TestLinesWaitingInTheVoiceAreNotWrittenOff keeps the voice busy with a
// backlog for a minute: the script line and the answer waiting behind it are
// neither written off nor followed by more lines, however late they are,
// while the voice reports lines it starts and says others wait in it.
func TestLinesWaitingInTheVoiceAreNotWrittenOff(t *testing.T) {
	r, advance := clockRoom(t)
	first := r.next(t, func(bus.Utterance) bool { return true })
	r.playout(t, first.ID, bus.PlayoutStarted, 1, 5000)
	second := r.next(t, func(bus.Utterance) bool { return true })
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(1, "b-1", "多少钱"))
	time.Sleep(100 * time.Millisecond)
	advance(time.Second)
	answer := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })

	for i := range 12 { // A minute of other lines, each started as the last ends.
		advance(5 * time.Second)
		if i == 10 { // A question the voice is too busy to answer yet
			usage := priceQuestion(2, "b-2", "这个怎么用呀")
			usage.Intent = bus.IntentUsage
			r.publish(t, bus.IntentsSubject("demo"), usage)
		}
		r.playout(t, fmt.Sprintf("other-%d", i), bus.PlayoutStarted, 3, 5000)
		r.noLine(t, 300*time.Millisecond, fmt.Sprintf("%ds into the backlog, with %s and %s waiting",
			5*(i+1), second.ID, answer.ID))
	}
	if st := r.d.Stats(); st.Stalls != 0 || st.Lost != 0 {
		t.Fatalf("%d stalls, %d lost while the voice worked through its backlog", st.Stalls, st.Lost)
	}

	r.playout(t, answer.ID, bus.PlayoutStarted, 1, 4000)
	next := r.next(t, func(bus.Utterance) bool { return true })
	if next.Source != bus.SourceReply {
		t.Fatalf("after the answer started, %s line %q; want the second answer", next.Source, next.Text)
	}
	r.noLine(t, 300*time.Millisecond, "while the script line still waits")
	r.playout(t, second.ID, bus.PlayoutStarted, 1, 4000)
	if u := r.next(t, func(bus.Utterance) bool { return true }); u.Source != bus.SourceScript {
		t.Errorf("after the script line started, %s line %q; want the next script line", u.Source, u.Text)
	}
}

// TestALineTheVoiceNeverGotIsWrittenOff loses the pending script line on its
// way to the voice while the voice plays other lines: once the voice says
// nothing waits in it, the line is written off and the next one planned.
func TestALineTheVoiceNeverGotIsWrittenOff(t *testing.T) {
	r, advance := clockRoom(t)
	first := r.next(t, func(bus.Utterance) bool { return true })
	r.playout(t, first.ID, bus.PlayoutStarted, 0, 5000)
	second := r.next(t, func(bus.Utterance) bool { return true })

	// At once, an empty queue is no news: the line may still be on its way.
	r.playout(t, "cue-1", bus.PlayoutStarted, 0, 5000)
	r.noLine(t, 300*time.Millisecond, "an empty voice right after the line went out")

	advance(3 * time.Second)
	r.playout(t, "cue-1", bus.PlayoutFinished, 0, 5000)
	third := r.next(t, func(bus.Utterance) bool { return true })
	if third.Seq != second.Seq+1 || third.Source != bus.SourceScript {
		t.Errorf("after %s was lost: %s line seq %d; want script seq %d",
			second.ID, third.Source, third.Seq, second.Seq+1)
	}
	if st := r.d.Stats(); st.Lost != 1 || st.Stalls != 0 {
		t.Errorf("%d lost, %d stalls; want 1 lost, no stall", st.Lost, st.Stalls)
	}
}

// TestAPauseHoldsAnswersAndIsNoStall pauses the show for 40 s while a
// viewer asks: the silent voice is not written off as stalled, no answer
// piles up in it, and the question is answered once the show resumes.
func TestAPauseHoldsAnswersAndIsNoStall(t *testing.T) {
	r, advance := clockRoom(t)
	first := r.next(t, func(bus.Utterance) bool { return true })
	r.playout(t, first.ID, bus.PlayoutStarted, 0, 3000)
	r.next(t, func(bus.Utterance) bool { return true })
	r.publish(t, bus.CuesSubject("demo"), bus.Cue{V: 1, ID: "c-1", Type: bus.CuePause,
		Room: "demo", By: "op"})
	if a := <-r.acks; !a.OK {
		t.Fatalf("pause refused: %+v", a)
	}
	r.publish(t, bus.IntentsSubject("demo"), priceQuestion(1, "b-1", "多少钱"))
	for i := range 8 { // Longer than any stall allowance, shorter than a question lives
		advance(5 * time.Second)
		r.noLine(t, 300*time.Millisecond, fmt.Sprintf("%ds into the pause", 5*(i+1)))
	}
	if st := r.d.Stats(); st.Stalls != 0 {
		t.Errorf("%d stalls while paused", st.Stalls)
	}
	r.publish(t, bus.CuesSubject("demo"), bus.Cue{V: 1, ID: "c-2", Type: bus.CueResume,
		Room: "demo", By: "op"})
	answer := r.next(t, func(u bus.Utterance) bool { return u.Source == bus.SourceReply })
	if len(answer.ReplyTo) != 1 || answer.ReplyTo[0] != "e-1" {
		t.Errorf("after resume, answer %q replies to %v; want e-1", answer.Text, answer.ReplyTo)
	}
}
