package avatar

import (
	"slices"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

func (h *harness) stream(id, source, text string) {
	h.t.Helper()
	h.publish(bus.UtterancesSubject(testRoom), bus.Utterance{V: 1, ID: id, Room: testRoom,
		Text: text, Lang: "zh", Source: source, Streaming: true})
}

func (h *harness) clause(id string, index int, text string, final bool) {
	h.t.Helper()
	h.publish(bus.ClausesSubject(testRoom), bus.Clause{V: 1, Room: testRoom, Utterance: id,
		Index: index, Text: text, Final: final})
}

// TestPresenterStreamingLine checks that Clauses arriving while their line
// is on air are synthesized in order and spoken as the same line, which ends
// after the Final one.
func TestPresenterStreamingLine(t *testing.T) {
	g := &gatedTTS{Engine: espeak(t)}
	h := newHarness(t, g, encode.VideoConfig{})
	h.stream("u-1", bus.SourceReply, "欢迎你们来。")
	h.expect("u-1", bus.PlayoutStarted)
	h.clause("u-1", 1, "福利很多！", false)
	h.clause("u-1", 1, "福利很多！", false) // a repeat is ignored
	h.clause("u-1", 2, "马上开抢。", false)
	h.clause("u-1", 3, "", true)
	h.clause("u-1", 4, "说完了还来的不算。", false)
	done := h.expect("u-1", bus.PlayoutFinished)
	h.stop()

	want := []string{"欢迎你们来。", "福利很多！", "马上开抢。"}
	if got := g.called(); !slices.Equal(got, want) {
		t.Errorf("synthesized %q, want %q", got, want)
	}
	if played := h.rec.ticksOf("u-1") * 20; played < done.DurationMS {
		t.Errorf("played %d ms of the line's %d ms", played, done.DurationMS)
	}
}

// TestPresenterStreamingLineWithoutFinal checks that a streaming line whose
// Final Clause never comes ends, finished, with what it got.
func TestPresenterStreamingLineWithoutFinal(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{}, func(c *PresenterConfig) {
		c.ClauseTimeout = 300 * time.Millisecond
	})
	h.stream("u-1", bus.SourceScript, "欢迎来到直播间。")
	h.expect("u-1", bus.PlayoutStarted)
	h.expect("u-1", bus.PlayoutFinished)
	h.say("u-2", bus.SourceScript, "好的好的")
	h.expect("u-2", bus.PlayoutStarted)
	h.stop()
}

// TestPresenterSkipWithin100ms checks, in stream time, that a skip silences
// the line on air within five 20 ms packets of the cue being sent, and that
// it cancels the synthesis of the line's next clause in flight.
func TestPresenterSkipWithin100ms(t *testing.T) {
	const first = "这是一段很长很长的介绍，我们慢慢说，从成分讲到用法，再讲到适合的肤质。"
	g := &gatedTTS{Engine: espeak(t), gate: "这一句永远合成不完。", release: make(chan struct{})}
	h := newHarness(t, g, encode.VideoConfig{})
	h.stream("u-1", bus.SourceReply, first)
	h.expect("u-1", bus.PlayoutStarted)
	h.clause("u-1", 1, g.gate, false)
	eventually(t, "half a second of the line", func() bool { return h.rec.ticksOf("u-1") > 25 })
	eventually(t, "the next clause in synthesis", func() bool {
		return slices.Contains(g.called(), g.gate)
	})
	sent := h.rec.lastTick()
	h.cue("c-1", bus.CueSkip, nil)
	h.expect("u-1", bus.PlayoutSkipped)
	eventually(t, "the synthesis canceled", func() bool { return g.abortedCalls() == 1 })
	h.stop()

	audio, _ := h.rec.traces()
	after := 0
	for _, a := range audio {
		if a.id == "u-1" && a.tick > sent {
			after++
		}
	}
	if after > 5 {
		t.Errorf("line played %d packets (%d ms of stream time) after the skip was sent",
			after, after*20)
	}
	t.Logf("line stopped %d ms of stream time after the skip was sent", after*20)
}

// TestPresenterSkipBeforeAir checks that a skip while nothing is on air
// drops the line whose synthesis has begun, cancelling it.
func TestPresenterSkipBeforeAir(t *testing.T) {
	g := &gatedTTS{Engine: espeak(t), gate: "合成很慢的一句话。", release: make(chan struct{})}
	h := newHarness(t, g, encode.VideoConfig{})
	h.say("u-1", bus.SourceReply, g.gate)
	eventually(t, "synthesis to begin", func() bool { return len(g.called()) == 1 })
	h.cue("c-1", bus.CueSkip, nil)
	h.expect("u-1", bus.PlayoutSkipped)
	eventually(t, "the synthesis canceled", func() bool { return g.abortedCalls() == 1 })
	h.stop()
}
