package planner

import (
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestSignalSteersNextLine(t *testing.T) {
	tests := []struct {
		sig       Signal
		wantScene string
		themes    []string
	}{
		{Signal{Kind: SignalViewersDropping}, bus.SceneRetention,
			[]string{"welfare_preview", "pain_point", "scenario"}},
		{Signal{Kind: SignalQuiet}, bus.SceneInteraction, []string{"comment", "like"}},
		{Signal{Kind: SignalPurchaseWave}, bus.SceneProduct, []string{"urgency", "coupon"}},
		{Signal{Kind: SignalQuestionBurst}, bus.SceneInteraction, []string{"comment"}},
	}
	for _, tt := range tests {
		p := newDemo(t, 4)
		for i := range 5 { // into the first product block
			p.Next(t0.Add(timeStep(i)))
		}
		p.Signal(tt.sig)
		p.Signal(tt.sig) // a repeat must not queue a second line
		line, ok := p.Next(t0.Add(timeStep(6)))
		if !ok || line.Scene != tt.wantScene || !contains(tt.themes, line.Theme) {
			t.Errorf("%s: next line %s/%s %q, want %s/%v", tt.sig.Kind, line.Scene, line.Theme,
				line.Text, tt.wantScene, tt.themes)
		}
		if line.Product != "night-serum" {
			t.Errorf("%s: steered line is about %q, want the product on air", tt.sig.Kind,
				line.Product)
		}
		next, _ := p.Next(t0.Add(timeStep(7)))
		if next.Scene == tt.wantScene && contains(tt.themes, next.Theme) &&
			tt.wantScene != bus.SceneProduct {
			t.Errorf("%s: signal answered twice: %q", tt.sig.Kind, next.Text)
		}
	}
}

func TestSignalViewersUnlocksCrowdLines(t *testing.T) {
	p := newDemo(t, 1)
	p.Signal(Signal{Kind: SignalViewers, Count: 4321})
	p.Signal(Signal{Kind: "unknown"})
	found := false
	for i := range 200 {
		line, _ := p.Next(t0.Add(timeStep(i)))
		if contains([]string{"hook", "comment"}, line.Theme) && containsText(line.Text, "4321") {
			found = true
			break
		}
	}
	if !found {
		t.Error("no line ever used the viewer count")
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsText(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && indexOf(s, sub) >= 0
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
