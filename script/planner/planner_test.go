package planner

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2026, 12, 3, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))

func loadDemo(t testing.TB) (*show.Show, *phrase.Library) {
	t.Helper()
	s, err := show.Load("../../configs/shows/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../configs/phrases/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := phrase.LoadFiles(files...)
	if err != nil {
		t.Fatal(err)
	}
	return s, lib
}

func newDemo(t testing.TB, seed int64) *Planner {
	t.Helper()
	s, lib := loadDemo(t)
	p, err := New(s, lib, Config{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlanGolden pins whole timelines: a winter evening (the default start)
// and a summer morning, where the season and the clock pick other lines.
func TestPlanGolden(t *testing.T) {
	s, lib := loadDemo(t)
	july := time.Date(2026, 7, 15, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	tests := []struct {
		golden string
		cfg    PlanConfig
	}{
		{"demo-10min.txt", PlanConfig{Minutes: 10, Seed: 1}},
		{"demo-july-morning.txt", PlanConfig{Minutes: 10, Seed: 2, Start: july}},
	}
	for _, tt := range tests {
		entries, err := Plan(s, lib, tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteText(&got, entries); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", tt.golden)
		if *update {
			if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("Plan(demo, %+v) differs from %s; run go test -update and review the "+
				"diff\n%s", tt.cfg, golden, got.String())
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	p := newDemo(t, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			p.Reply(ReplyRequest{Intent: "question.price", Viewer: "v"}, t0.Add(timeStep(i)))
			p.Signal(Signal{Kind: SignalQuiet})
		}
	}()
	for i := range 200 {
		if _, ok := p.Next(t0.Add(timeStep(i))); !ok {
			t.Errorf("line %d: nothing to say", i)
		}
	}
	<-done
}
