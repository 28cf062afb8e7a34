package planner

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func timeStep(i int) time.Duration { return time.Duration(i) * 10 * time.Second }

func cue(typ bus.CueType, kv ...string) bus.Cue {
	args := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i]] = kv[i+1]
	}
	return bus.Cue{V: 1, ID: "c-1", Type: typ, Args: args}
}

func TestCueErrors(t *testing.T) {
	p := newDemo(t, 1)
	tests := []struct {
		c       bus.Cue
		wantErr error
		wantMsg string
	}{
		{cue(bus.CueSwitchProduct, "product", "x"), ErrUnknownProduct, `unknown product "x"`},
		{cue(bus.CueSwitchProduct), ErrBadCue, "needs product"},
		{cue(bus.CueSay), ErrBadCue, "needs text"},
		{cue(bus.CueSay, "text", "  "), ErrBadCue, "needs text"},
		{cue(bus.CueWelfare, "kind", "cash"), ErrBadCue, `welfare kind "cash"`},
		{cue(bus.CueBanUser), ErrBadCue, "needs user"},
		{cue(bus.CueBlockWord), ErrBadCue, "needs word"},
		{cue(bus.CuePersona), ErrBadCue, "needs tone or speed"},
		{cue(bus.CuePersona, "speed", "fast"), ErrBadCue, `speed "fast"`},
		{cue(bus.CuePersona, "speed", "9000"), ErrBadCue, `speed "9000"`},
		{cue("dance"), ErrUnknownCue, `unknown cue type "dance"`},
	}
	for _, tt := range tests {
		line, err := p.Cue(tt.c, t0)
		if !errors.Is(err, tt.wantErr) || err.Error() != tt.wantMsg &&
			!strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("Cue(%s %v) error = %v, want %v with %q", tt.c.Type, tt.c.Args, err,
				tt.wantErr, tt.wantMsg)
		}
		if line != nil {
			t.Errorf("Cue(%s) returned a line with its error", tt.c.Type)
		}
	}
	_, err := p.Cue(cue(bus.CueSwitchProduct, "product", "x"), t0)
	if err.Error() != `unknown product "x"` {
		t.Errorf("ack text %q, want exactly unknown product \"x\"", err)
	}
}

func TestCueSayAndWelfare(t *testing.T) {
	p := newDemo(t, 1)
	line, err := p.Cue(cue(bus.CueSay, "text", "欢迎新来的宝宝"), t0)
	if err != nil || line == nil || line.Text != "欢迎新来的宝宝" || line.Source != bus.SourceCue ||
		line.Scene != bus.SceneCue || line.EstDuration <= 0 {
		t.Fatalf("say = %+v, %v", line, err)
	}
	for kind, word := range map[string]string{"coupon": "券", "lucky_bag": "福袋", "draw": "抽奖"} {
		line, err := p.Cue(cue(bus.CueWelfare, "kind", kind), t0)
		if err != nil || line == nil || !strings.Contains(line.Text, word) ||
			line.Source != bus.SourceCue {
			t.Errorf("welfare %s = %+v, %v; want a line with %q", kind, line, err, word)
		}
	}
	line, err = p.Cue(cue(bus.CueWelfare, "kind", "draw", "text", "九点整抽三位宝宝"), t0)
	if err != nil || line.Text != "九点整抽三位宝宝" {
		t.Errorf("welfare with text = %+v, %v", line, err)
	}
}

func TestCueSwitchProductPauseSkip(t *testing.T) {
	p := newDemo(t, 1)
	if _, err := p.Cue(cue(bus.CueSwitchProduct, "product", "clay-mask"), t0); err != nil {
		t.Fatal(err)
	}
	line, ok := p.Next(t0)
	if !ok || line.Product != "clay-mask" || p.CurrentProduct().ID != "clay-mask" {
		t.Fatalf("after switch_product the next line is %+v", line)
	}
	if line, err := p.Cue(cue(bus.CuePause), t0); err != nil || line != nil {
		t.Fatalf("pause = %v, %v", line, err)
	}
	if line, ok := p.Next(t0); ok || !p.Paused() {
		t.Fatalf("Next while paused = %q", line.Text)
	}
	if _, err := p.Cue(cue(bus.CueResume), t0); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Next(t0); !ok {
		t.Fatal("Next after resume said nothing")
	}
	if line, err := p.Cue(cue(bus.CueSkip), t0); err != nil || line != nil {
		t.Errorf("skip = %v, %v", line, err)
	}
}

func TestCueBlockWordBanPersona(t *testing.T) {
	p := newDemo(t, 1)
	if _, err := p.Cue(cue(bus.CueBlockWord, "word", "宝宝"), t0); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		line, ok := p.Next(t0.Add(timeStep(i)))
		if ok && strings.Contains(line.Text, "宝宝") {
			t.Fatalf("line %d holds a blocked word: %q", i, line.Text)
		}
	}
	if _, err := p.Cue(cue(bus.CueBanUser, "user", "troll"), t0); err != nil {
		t.Fatal(err)
	}
	if line, ok := p.Reply(ReplyRequest{Intent: bus.IntentGreeting, Viewer: "troll"}, t0); ok {
		t.Errorf("banned viewer answered: %q", line.Text)
	}
	before, _ := p.Next(t0)
	if _, err := p.Cue(cue(bus.CuePersona, "tone", "活泼", "speed", "350"), t0); err != nil {
		t.Fatal(err)
	}
	if tone, speed := p.Persona(); tone != "活泼" || speed != 350 {
		t.Errorf("persona = %s %d, want 活泼 350", tone, speed)
	}
	after := EstimateDuration(before.Lang, before.Text, 350)
	if after*2 > before.EstDuration+time.Millisecond*20 {
		t.Errorf("doubling the speed took %v to %v", before.EstDuration, after)
	}
}
