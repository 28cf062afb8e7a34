package planner

import (
	"slices"
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// TestUpcomingLeavesThePlannerAlone runs two planners of one seed side by
// side, asks one of them for its upcoming lines before every line, and checks
// that both say the same show and that the lines foretold are the lines said.
func TestUpcomingLeavesThePlannerAlone(t *testing.T) {
	s, _ := loadDemo(t)
	a, b := newDemo(t, 11), newDemo(t, 11)
	at := t0
	var foretold []Line
	for i := range 120 {
		if i == 40 {
			for _, p := range []*Planner{a, b} {
				p.Signal(Signal{Kind: SignalQuiet})
			}
		}
		up := b.Upcoming(5)
		if len(up) != 5 {
			t.Fatalf("line %d: Upcoming(5) gave %d lines", i, len(up))
		}
		if i > 0 && i != 40 && !slices.EqualFunc(up[:4], foretold[1:], sameLine) {
			t.Fatalf("line %d: Upcoming changed its mind with no new input:\n%v\n%v", i,
				up[:4], foretold[1:])
		}
		la, okA := a.Next(at)
		lb, okB := b.Next(at)
		if !okA || !okB || !sameLine(la, lb) {
			t.Fatalf("line %d: Upcoming changed what Next says: %q, want %q", i, lb.Text, la.Text)
		}
		if !sameLine(lb, up[0]) {
			t.Fatalf("line %d: Next said %q, Upcoming foretold %q", i, lb.Text, up[0].Text)
		}
		foretold = up
		at = at.Add(lb.EstDuration + s.Schedule.Gap)
	}
}

func sameLine(a, b Line) bool {
	return a.Text == b.Text && a.Scene == b.Scene && a.Theme == b.Theme &&
		a.Product == b.Product && a.Phrase == b.Phrase
}

func TestUpcomingPausedAndEmpty(t *testing.T) {
	p := newDemo(t, 1)
	if got := p.Upcoming(0); len(got) != 0 {
		t.Errorf("Upcoming(0) = %v", got)
	}
	if got := p.Upcoming(3); len(got) != 3 || got[0].Scene != bus.SceneOpening {
		t.Errorf("Upcoming(3) before the first line = %+v, want three from the opening", got)
	}
	if _, err := p.Cue(cue(bus.CuePause), t0); err != nil {
		t.Fatal(err)
	}
	if got := p.Upcoming(3); len(got) != 0 {
		t.Errorf("Upcoming while paused = %v, want none", got)
	}
}
