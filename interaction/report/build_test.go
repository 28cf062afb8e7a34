package report

import (
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestBuildLastShow(t *testing.T) {
	old := newShow("demo").messages()
	for i := range old {
		old[i].At = old[i].At.Add(-3 * time.Hour)
	}
	msgs := append(old, newShow("demo").messages()...)
	s := Build(Options{Room: "demo"}, msgs)
	if !s.Start.Equal(showStart) || s.Totals.Comments != 113 {
		t.Errorf("with no Since: start %v, %d comments; want the last show only",
			s.Start, s.Totals.Comments)
	}
}

func TestBuildMatchesCollect(t *testing.T) {
	loc := shanghai(t)
	built := Build(Options{Room: "demo", Location: loc}, newShow("demo").messages())
	collected := collectShow(t, Options{})
	if built.Totals != collected.Totals ||
		built.Peak.Interpretation != collected.Peak.Interpretation {
		t.Errorf("Build %+v\nCollect %+v", built.Totals, collected.Totals)
	}
}

func TestShowClockPlacesUntimedMessages(t *testing.T) {
	c := newShowClock()
	stored := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	e := Message{Event: &bus.Event{ID: "e-1", TS: stored.Add(-2 * time.Second)}}
	c.place(&e, stored)
	cue := Message{Cue: &bus.Cue{ID: "c-1"}}
	c.place(&cue, stored.Add(10*time.Second))
	it := Message{Intent: &bus.Intent{Event: "e-1"}}
	c.place(&it, stored.Add(time.Minute))
	tests := []struct {
		name      string
		got, want time.Time
	}{
		{"event", e.At, stored.Add(-2 * time.Second)},
		{"cue shifted by the event's offset", cue.At, stored.Add(8 * time.Second)},
		{"intent at its comment", it.At, e.At},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for _, tt := range []struct{ in, want int }{
		{0, 4}, {3, 4}, {7, 8}, {21, 24}, {45, 60}, {220, 240}, {999, 1000},
	} {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
