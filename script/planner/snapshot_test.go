package planner

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// TestRestoreGoesOnWhereTheSnapshotStopped runs a planner into its show, moves its
// state to a fresh planner and checks that both go on with the same running order.
func TestRestoreGoesOnWhereTheSnapshotStopped(t *testing.T) {
	a := newDemo(t, 7)
	for i := range 23 {
		if _, ok := a.Next(t0.Add(timeStep(i))); !ok {
			t.Fatalf("line %d: nothing to say", i)
		}
	}
	for _, c := range []bus.Cue{
		{Type: bus.CueBlockWord, Args: map[string]string{"word": "绝绝子"}},
		{Type: bus.CueBanUser, Args: map[string]string{"user": "troll"}},
	} {
		if _, err := a.Cue(c, t0); err != nil {
			t.Fatal(err)
		}
	}
	data, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	b := newDemo(t, 99)
	if err := b.Restore(data); err != nil {
		t.Fatal(err)
	}
	if got, want := b.CurrentProduct().ID, a.CurrentProduct().ID; got != want {
		t.Errorf("restored product on air %q, want %q", got, want)
	}
	for i := range 15 {
		now := t0.Add(timeStep(23 + i))
		la, _ := a.Next(now)
		lb, ok := b.Next(now)
		if !ok || lb.Scene != la.Scene || lb.Product != la.Product {
			t.Fatalf("line %d after restore: %s/%s, want %s/%s", i, lb.Scene, lb.Product,
				la.Scene, la.Product)
		}
	}
	again, _ := b.Snapshot()
	var s snapshot
	if err := json.Unmarshal(again, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Blocked) != 1 || len(s.Banned) != 1 || s.Banned[0] != "troll" {
		t.Errorf("restored blocked %v banned %v, want the cues' word and user", s.Blocked, s.Banned)
	}
}

func TestRestoreKeepsPause(t *testing.T) {
	a := newDemo(t, 1)
	if _, err := a.Cue(bus.Cue{Type: bus.CuePause}, t0); err != nil {
		t.Fatal(err)
	}
	data, _ := a.Snapshot()
	b := newDemo(t, 1)
	if err := b.Restore(data); err != nil {
		t.Fatal(err)
	}
	if !b.Paused() {
		t.Error("restored planner is not paused, want paused as the snapshot was")
	}
}

func TestRestoreRefusesForeignSnapshots(t *testing.T) {
	good, err := newDemo(t, 1).Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		_ = json.Unmarshal(good, &m)
		f(m)
		out, _ := json.Marshal(m)
		return out
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"not json", []byte("{")},
		{"other show", mutate(func(m map[string]any) { m["show"] = "other" })},
		{"version", mutate(func(m map[string]any) { m["v"] = 2 })},
		{"product out of range", mutate(func(m map[string]any) { m["current"] = 99 })},
		{"segment", mutate(func(m map[string]any) { m["segment"] = 7 })},
		{"step product", mutate(func(m map[string]any) {
			m["agenda"] = []map[string]any{{"scene": "product", "product": 42}}
		})},
		{"rng", mutate(func(m map[string]any) { m["rng"] = "AAAA" })},
	}
	for _, tt := range tests {
		p := newDemo(t, 1)
		before, _ := p.Snapshot()
		if err := p.Restore(tt.data); !errors.Is(err, ErrBadSnapshot) {
			t.Errorf("%s: Restore = %v, want ErrBadSnapshot", tt.name, err)
		}
		if after, _ := p.Snapshot(); string(after) != string(before) {
			t.Errorf("%s: a refused snapshot changed the planner", tt.name)
		}
	}
}

func FuzzRestore(f *testing.F) {
	good, err := newDemo(f, 1).Snapshot()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"v":1}`))
	// The show and library are parsed once: parsing them per input would make
	// each execution slower than a short fuzz time allows.
	s, lib := loadDemo(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := New(s, lib.Fork(), Config{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Restore(data); err != nil {
			return
		}
		for i := range 5 {
			p.Next(t0.Add(timeStep(i)))
		}
	})
}

// TestRestoreKeepsCooldownsAndTimeline snapshots a planner mid-show, restores
// it in a fresh planner and checks that the two say exactly the same lines
// from there, and that no line the first said before the snapshot comes back
// inside its cooldown after the restore.
func TestRestoreKeepsCooldownsAndTimeline(t *testing.T) {
	s, lib := loadDemo(t)
	cooldown := map[string]time.Duration{}
	for _, ph := range lib.Phrases() {
		cooldown[ph.ID] = ph.Cooldown
	}
	a := newDemo(t, 3)
	lastSaid := map[string]time.Time{}
	at := t0
	say := func(p *Planner, who string, i int) Line {
		line, ok := p.Next(at)
		if !ok {
			t.Fatalf("%s line %d: nothing to say", who, i)
		}
		if last, ok := lastSaid[line.Phrase]; ok && at.Sub(last) < cooldown[line.Phrase] {
			t.Errorf("%s line %d: phrase %s again after %v, inside its cooldown %v", who, i,
				line.Phrase, at.Sub(last), cooldown[line.Phrase])
		}
		lastSaid[line.Phrase] = at
		at = at.Add(line.EstDuration + s.Schedule.Gap)
		return line
	}
	// Long enough (about 20 minutes) that some lines have rested their
	// cooldown out and the snapshot leaves them out.
	for i := range 200 {
		say(a, "before", i)
	}
	data, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	b := newDemo(t, 99)
	if err := b.Restore(data); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Upcoming(3), a.Upcoming(3); !reflect.DeepEqual(got, want) {
		t.Errorf("restored Upcoming(3) = %v, want %v", got, want)
	}
	for i := range 120 {
		now := at
		lb := say(b, "restored", i)
		la, _ := a.Next(now)
		if !reflect.DeepEqual(lb, la) {
			t.Fatalf("line %d after restore:\n got %+v\nwant %+v", i, lb, la)
		}
	}
}
