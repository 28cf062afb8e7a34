package avatar

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// longLine is a script line of about ten seconds, in many clauses.
const longLine = "这是一段很长很长的介绍，我们慢慢说，从成分讲到用法，再讲到适合的肤质，" +
	"最后告诉大家怎么下单，今天的优惠力度也非常大，错过就要再等一个月了"

// clockedTTS notes the stream time at which each text finished synthesizing.
type clockedTTS struct {
	tts.Engine
	// mu guards now and done.
	mu   sync.Mutex
	now  func() int64
	done map[string]int64
}

func (c *clockedTTS) Synthesize(ctx context.Context, req tts.Request) (tts.Speech, error) {
	sp, err := c.Engine.Synthesize(ctx, req)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now != nil {
		c.done[req.Text] = c.now()
	}
	return sp, err
}

func (c *clockedTTS) doneAt(text string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done[text]
}

// TestPresenterReplyBargesIn checks that a reply arriving while a long script
// line is on air cuts it at a pause or with a fade and starts within a
// second of stream time, and that the cut line is reported skipped.
func TestPresenterReplyBargesIn(t *testing.T) {
	const reply = "干皮也可以用哦"
	voice := &clockedTTS{Engine: espeak(t), done: map[string]int64{}}
	h := newHarness(t, voice, encode.VideoConfig{})
	voice.mu.Lock()
	voice.now = h.rec.lastTick
	voice.mu.Unlock()
	h.say("s-1", bus.SourceScript, longLine)
	h.expect("s-1", bus.PlayoutStarted)
	eventually(t, "a second of the script line", func() bool { return h.rec.ticksOf("s-1") >= 50 })

	published := h.rec.lastTick()
	h.say("r-1", bus.SourceReply, reply)
	skipped := h.expect("s-1", bus.PlayoutSkipped)
	h.expect("r-1", bus.PlayoutStarted)
	h.expect("r-1", bus.PlayoutFinished)
	h.stop()

	audio, _ := h.rec.traces()
	lastScript, firstReply := -1, -1
	for i, a := range audio {
		if a.id == "s-1" {
			lastScript = i
		}
		if a.id == "r-1" && firstReply < 0 {
			firstReply = i
		}
	}
	if lastScript < 0 || firstReply < 0 {
		t.Fatal("the script line or the reply never played")
	}
	synthMS := (voice.doneAt(reply) - published) * 20
	cutMS := (audio[lastScript].tick + 1 - published) * 20
	startMS := (audio[firstReply].tick - published) * 20
	t.Logf("stream time from publish: reply synthesized after %d ms, script cut after %d ms, "+
		"reply audio after %d ms", synthMS, cutMS, startMS)
	// The presenter's share: a pause within 400 ms, or a 40 ms fade, after
	// the reply is ready; the rest is the voice's synthesis time.
	if startMS-synthMS > 500 {
		t.Errorf("reply started %d ms after it was synthesized, want ≤ 500", startMS-synthMS)
	}
	if startMS > 1000 && synthMS < 500 {
		t.Errorf("reply started %d ms of stream time after it was published, want ≤ 1000", startMS)
	}
	if startMS-cutMS > 40 {
		t.Errorf("%d ms of silence between the cut and the reply", startMS-cutMS)
	}
	if played := h.rec.ticksOf("s-1") * 20; played >= 8000 || played >= skipped.DurationMS+40 {
		t.Errorf("cut line played %d ms (synthesized %d ms)", played, skipped.DurationMS)
	}
	tail := audio[lastScript].pcm[len(audio[lastScript].pcm)-240:]
	if peak := peakOf(tail); peak > 600 {
		t.Errorf("the script line's last 5 ms peak at %d: cut mid-word, not at a pause or fade",
			peak)
	}
	if st := h.p.Stats(); st.Replies != 1 || st.ReplyLatency <= 0 {
		t.Errorf("stats: Replies = %d, ReplyLatency = %v", st.Replies, st.ReplyLatency)
	}
}

// TestPresenterReplyDoesNotCutReply checks that only script lines are cut:
// a reply waits for the reply or cue line on air.
func TestPresenterReplyDoesNotCutReply(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.say("c-1", bus.SourceCue, "欢迎新来的宝宝们，今天直播间福利很多，大家先点点关注")
	h.expect("c-1", bus.PlayoutStarted)
	h.say("r-1", bus.SourceReply, "干皮也可以用哦")
	h.expect("c-1", bus.PlayoutFinished)
	h.expect("r-1", bus.PlayoutStarted)
	h.expect("r-1", bus.PlayoutFinished)
}

func peakOf(pcm []int16) int {
	peak := 0
	for _, s := range pcm {
		peak = max(peak, abs(int(s)))
	}
	return peak
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestScriptGetsItsTurnAfterReplies brings three replies at once while a
// script line is on air and another waits: the first reply cuts the line on
// air, and after two replies the waiting script line plays whole, the third
// reply waiting for its end.
func TestScriptGetsItsTurnAfterReplies(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.say("s-1", bus.SourceScript, longLine)
	h.expect("s-1", bus.PlayoutStarted)
	h.say("s-2", bus.SourceScript, "今天下单还送小样，姐妹们抓紧哦，库存不多了")
	for _, id := range []string{"r-1", "r-2", "r-3"} {
		h.say(id, bus.SourceReply, "干皮也可以用哦，放心")
	}
	var got []string
	for !slices.Contains(got, "r-3 finished") && len(got) < 12 {
		p := h.next()
		got = append(got, p.Utterance+" "+p.State)
	}
	h.stop()
	want := []string{"s-1 skipped", "r-1 started", "r-1 finished", "r-2 started",
		"r-2 finished", "s-2 started", "s-2 finished", "r-3 started", "r-3 finished"}
	if !slices.Equal(got, want) {
		t.Errorf("playouts\n got %q\nwant %q", got, want)
	}
}
