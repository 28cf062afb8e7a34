package avatar

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/pose"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestPresenterSpeaksUtterance(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.say("u-1", bus.SourceScript, "欢迎来到直播间，这款精华今天只要¥199")

	started := h.expect("u-1", bus.PlayoutStarted)
	if started.DurationMS < 1500 || started.DurationMS > 15000 {
		t.Errorf("started DurationMS = %d, want an estimate of the speech's length (1.5…15 s)",
			started.DurationMS)
	}
	if st := h.p.Stats(); !st.Speaking || st.Utterance != "u-1" || st.TTSLatency <= 0 {
		t.Errorf("stats while speaking: %+v", st)
	}
	finished := h.expect("u-1", bus.PlayoutFinished)
	h.stop()

	audio, _ := h.rec.traces()
	var loud, played int
	for _, a := range audio {
		if a.id == "u-1" {
			played++
			if rms(a.pcm) > 300 {
				loud++
			}
		}
	}
	if wantTicks := finished.DurationMS / 20; played != wantTicks {
		t.Errorf("line played for %d ticks, want %d (its duration)", played, wantTicks)
	}
	if loud < played/3 {
		t.Errorf("only %d of %d ticks of the line carry speech", loud, played)
	}

	video := h.sink.videoSamples()
	if len(video) == 0 {
		t.Fatal("no video samples")
	}
	first := nalTypes(video[0].Data)
	for _, want := range []int{7, 8, 5} {
		if !slices.Contains(first, want) {
			t.Errorf("first video sample has NAL types %v, lacks %d", first, want)
		}
	}
	for i, v := range video {
		if v.Duration != 40*time.Millisecond || len(v.Data) == 0 {
			t.Fatalf("video sample %d: %d bytes, duration %v", i, len(v.Data), v.Duration)
		}
	}
	if !h.render.seen(func(s render.Scene) bool {
		return s.Subtitle != "" && s.ProductName == "夜间修护精华" && s.Price == "¥199"
	}) {
		t.Error("no frame showed the subtitle and the product card")
	}
	if !h.render.seen(func(s render.Scene) bool { return s.Pose.Mouth != pose.MouthClosed }) {
		t.Error("the mouth never opened")
	}
	st := h.p.Stats()
	if st.VideoFrames == 0 || st.AudioFrames < uint64(played) || st.EncodeTime <= 0 {
		t.Errorf("stats after the line: %+v", st)
	}
}

// TestPresenterLipSync checks the sync property: each video frame's mouth is
// the lip-sync of exactly the audio played during that frame's 40 ms. The
// line is synthesized and lip-synced clause by clause, so the expected audio
// and mouth track are built the same way, from the same deterministic voice.
func TestPresenterLipSync(t *testing.T) {
	engine := espeak(t)
	const text = "宝宝们，点赞关注，马上开抢"
	var wantPCM []int16
	var want []lipsync.Frame
	for _, c := range splitClauses(text) {
		sp, err := engine.Synthesize(t.Context(), tts.Request{Text: c, Lang: "zh"})
		if err != nil {
			t.Fatal(err)
		}
		padded := padToFrames(sp.PCM)
		wantPCM = append(wantPCM, padded...)
		want = append(want, lipsync.Analyze(padded, 48000, 25)...)
	}

	h := newHarness(t, engine, encode.VideoConfig{})
	h.say("u-1", bus.SourceScript, text)
	h.expect("u-1", bus.PlayoutStarted)
	h.expect("u-1", bus.PlayoutFinished)
	h.stop()

	audio, video := h.rec.traces()
	byTick := make(map[int64]audioTrace, len(audio))
	var played []int16
	for _, a := range audio {
		byTick[a.tick] = a
		if a.id == "u-1" {
			played = append(played, a.pcm...)
		}
	}
	if !slices.Equal(played, wantPCM) {
		t.Fatalf("played %d samples, not the %d of its clauses in order", len(played), len(wantPCM))
	}
	frames := 0
	for _, v := range video {
		a, ok := byTick[v.tick]
		if !ok {
			continue
		}
		if a.id != v.id || a.offset != v.offset {
			t.Fatalf("tick %d: video shows %q@%d, audio plays %q@%d",
				v.tick, v.id, v.offset, a.id, a.offset)
		}
		if v.id != "u-1" {
			if v.mouth.Mouth != pose.MouthClosed {
				t.Errorf("tick %d: mouth %v with no line on air", v.tick, v.mouth.Mouth)
			}
			continue
		}
		i := v.offset / (2 * encode.AudioFrameSamples)
		if v.offset%(2*encode.AudioFrameSamples) != 0 {
			t.Fatalf("tick %d: frame starts at sample %d of the line, off a frame boundary",
				v.tick, v.offset)
		}
		if v.mouth != want[i] {
			t.Errorf("frame %d of the line: mouth %+v, lip-sync of its audio %+v",
				i, v.mouth, want[i])
		}
		frames++
	}
	if frames != len(want) {
		t.Errorf("checked %d frames of the line, want %d", frames, len(want))
	}
}

// TestPresenterUrgentLinesGoFirst checks the order after a barge-in: the
// script line on air is cut, then cue lines, replies and the script play.
func TestPresenterUrgentLinesGoFirst(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.say("s-1", bus.SourceScript, "今天给大家带来一款非常好用的精华")
	h.expect("s-1", bus.PlayoutStarted)
	h.say("s-2", bus.SourceScript, "下一款是面霜")
	h.say("r-1", bus.SourceReply, "干皮也可以用哦")
	h.say("c-1", bus.SourceCue, "欢迎新来的宝宝")

	h.expect("s-1", bus.PlayoutSkipped)
	for _, id := range []string{"c-1", "r-1", "s-2"} {
		p := h.expect(id, bus.PlayoutStarted)
		if id == "c-1" && p.Queued != 2 {
			t.Errorf("started c-1 with Queued = %d, want 2", p.Queued)
		}
		h.expect(id, bus.PlayoutFinished)
	}
}

func TestPresenterSkip(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.say("u-1", bus.SourceScript,
		"这是一段很长很长的介绍，我们慢慢说，从成分讲到用法，再讲到适合的肤质")
	h.say("u-2", bus.SourceScript, "好的")
	h.expect("u-1", bus.PlayoutStarted)
	h.cue("c-1", bus.CueSkip, nil)
	p := h.expect("u-1", bus.PlayoutSkipped)
	h.expect("u-2", bus.PlayoutStarted)
	h.expect("u-2", bus.PlayoutFinished)
	h.stop()

	audio, _ := h.rec.traces()
	played := 0
	for _, a := range audio {
		if a.id == "u-1" {
			played++
		}
	}
	if played >= p.DurationMS/20 {
		t.Errorf("skipped line played all %d ticks of its %d ms", played, p.DurationMS)
	}
}

func TestPresenterPauseResume(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.cue("c-1", bus.CuePause, nil)
	eventually(t, "a paused frame", func() bool {
		return h.render.seen(func(s render.Scene) bool { return s.Paused })
	})
	h.say("u-1", bus.SourceScript, "你好")
	eventually(t, "the line synthesized", func() bool { return h.p.Stats().Queued == 1 })
	before := h.p.Stats().AudioFrames
	eventually(t, "half a second of paused stream", func() bool {
		return h.p.Stats().AudioFrames > before+25
	})
	select {
	case m := <-h.playouts:
		t.Fatalf("a line played while paused: %s", m.Data)
	default:
	}
	h.cue("c-2", bus.CueResume, nil)
	h.expect("u-1", bus.PlayoutStarted)
	h.expect("u-1", bus.PlayoutFinished)
}

func TestPresenterWelfareBanner(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	h.cue("c-1", bus.CueWelfare, map[string]string{
		"text": "福袋三分钟后开奖", "coupon": "满300减50", "seconds": "60",
	})
	eventually(t, "the banner", func() bool {
		return h.render.seen(func(s render.Scene) bool {
			return s.Banner == "福袋三分钟后开奖" && s.Coupon == "满300减50" &&
				s.CouponLeft > 50*time.Second && s.CouponLeft <= 60*time.Second
		})
	})
}

func TestPresenterTTSFailureSkips(t *testing.T) {
	h := newHarness(t, failingTTS{}, encode.VideoConfig{})
	h.say("u-1", bus.SourceScript, "你好")
	h.expect("u-1", bus.PlayoutSkipped)
	if st := h.p.Stats(); st.Speaking {
		t.Errorf("speaking after a failed line: %+v", st)
	}
}

func TestPresenterKeyFrameRequests(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{KeyFrameInterval: 10000})
	eventually(t, "ten frames", func() bool { return len(h.sink.videoSamples()) >= 10 })
	from := len(h.sink.videoSamples())
	for range 5 {
		h.p.RequestKeyFrame() // a burst of joins costs one keyframe
	}
	eventually(t, "a second of frames", func() bool {
		return len(h.sink.videoSamples()) >= from+25
	})
	idr := 0
	for _, v := range h.sink.videoSamples()[from:] {
		if slices.Contains(nalTypes(v.Data), 5) {
			idr++
		}
	}
	if idr != 1 {
		t.Errorf("%d IDR frames after a burst of requests, want 1", idr)
	}
}

func TestPresenterLifecycle(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	eventually(t, "a frame", func() bool { return len(h.sink.videoSamples()) > 0 })
	if err := h.p.Run(t.Context()); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run: %v, want ErrRunning", err)
	}
	if err := h.p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := h.p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := h.p.Run(t.Context()); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close: %v, want ErrClosed", err)
	}
}

func TestNewPresenterConfigErrors(t *testing.T) {
	if _, err := NewPresenter(PresenterConfig{}); !errors.Is(err, ErrConfig) {
		t.Errorf("empty config: %v, want ErrConfig", err)
	}
	if _, err := NewPresenter(PresenterConfig{Room: "r"}); !errors.Is(err, ErrConfig) {
		t.Errorf("no connection: %v, want ErrConfig", err)
	}
}
