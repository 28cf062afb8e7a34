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

// gatedTTS records the order of the texts it is asked to speak and holds
// back one text until released, as a slow clause would.
type gatedTTS struct {
	tts.Engine
	gate    string
	release chan struct{}
	// mu guards calls and aborted.
	mu    sync.Mutex
	calls []string
	// aborted counts gated calls that ended by their context's cancel.
	aborted int
}

func (g *gatedTTS) Synthesize(ctx context.Context, req tts.Request) (tts.Speech, error) {
	g.mu.Lock()
	g.calls = append(g.calls, req.Text)
	g.mu.Unlock()
	if req.Text == g.gate {
		select {
		case <-g.release:
		case <-ctx.Done():
			g.mu.Lock()
			g.aborted++
			g.mu.Unlock()
			return tts.Speech{}, ctx.Err()
		}
	}
	return g.Engine.Synthesize(ctx, req)
}

func (g *gatedTTS) abortedCalls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.aborted
}

func (g *gatedTTS) called() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.calls)
}

// TestPresenterStreamsClauses checks that a line goes on air before its last
// clause is synthesized, waits in silence with a closed mouth if a clause is
// late, and then plays on from where it stopped as one Playout.
func TestPresenterStreamsClauses(t *testing.T) {
	const text = "欢迎来到直播间。今天的福利非常多！最后一件精华马上开抢。"
	clauses := splitClauses(text)
	if len(clauses) != 3 {
		t.Fatalf("clauses %q, want 3", clauses)
	}
	g := &gatedTTS{Engine: espeak(t), gate: clauses[2], release: make(chan struct{})}
	h := newHarness(t, g, encode.VideoConfig{})
	h.say("u-1", bus.SourceScript, text)
	h.expect("u-1", bus.PlayoutStarted)
	eventually(t, "the first audio of the line", func() bool { return h.rec.ticksOf("u-1") > 0 })
	eventually(t, "the line waiting for its last clause", func() bool {
		audio, _ := h.rec.traces()
		return len(audio) > 0 && audio[len(audio)-1].id == "" && h.rec.ticksOf("u-1") > 0
	})
	close(g.release)
	h.expect("u-1", bus.PlayoutFinished)
	h.stop()

	if got := g.called(); !slices.Equal(got, clauses) {
		t.Errorf("synthesized %q, want the clauses in order %q", got, clauses)
	}
	audio, video := h.rec.traces()
	next, gaps := 0, 0
	for i, a := range audio {
		if a.id != "u-1" {
			if next > 0 && i+1 < len(audio) && audio[i+1].id == "u-1" {
				gaps++
			}
			continue
		}
		if a.offset != next {
			t.Fatalf("tick %d plays sample %d of the line, want %d", a.tick, a.offset, next)
		}
		next += encode.AudioFrameSamples
	}
	if gaps == 0 {
		t.Error("the line never waited for its late clause")
	}
	for _, v := range video {
		if v.id == "" && v.mouth.Mouth != 0 {
			t.Errorf("tick %d: mouth %v while waiting", v.tick, v.mouth.Mouth)
		}
	}
}
