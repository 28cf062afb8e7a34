package planner

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/phrase"
)

func TestPlanDeterministicAndShaped(t *testing.T) {
	s, lib := loadDemo(t)
	a, err := Plan(s, lib, PlanConfig{Minutes: 10, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Plan(s, lib, PlanConfig{Minutes: 10, Seed: 7})
	c, _ := Plan(s, lib, PlanConfig{Minutes: 10, Seed: 8})
	if !sameText(a, b) {
		t.Error("the same seed planned two different shows")
	}
	if sameText(a, c) {
		t.Error("different seeds planned the same show")
	}
	last := a[len(a)-1]
	if last.At >= 10*time.Minute || last.At+last.EstDuration+s.Schedule.Gap < 10*time.Minute {
		t.Errorf("plan ends at %v, want it to fill 10 minutes", last.At)
	}
	law := phrase.DefaultAdLaw()
	scenes := map[string]int{}
	for i, e := range a {
		scenes[e.Scene]++
		if e.Source != bus.SourceScript || e.Lang != "zh" || e.EstDuration <= 0 {
			t.Errorf("entry %d badly tagged: %+v", i, e)
		}
		if i > 0 && e.At != a[i-1].At+a[i-1].EstDuration+s.Schedule.Gap {
			t.Errorf("entry %d at %v does not follow the previous line", i, e.At)
		}
		if bad := law.Violations(e.Text); len(bad) > 0 {
			t.Errorf("entry %d breaks the advertising law with %v: %q", i, bad, e.Text)
		}
		if strings.ContainsAny(e.Text, "{}") {
			t.Errorf("entry %d has an unfilled slot: %q", i, e.Text)
		}
	}
	for _, scene := range []string{bus.SceneOpening, bus.SceneRetention, bus.SceneInteraction,
		bus.SceneProduct, bus.SceneClosing} {
		if scenes[scene] == 0 {
			t.Errorf("10 minutes without a %s line: %v", scene, scenes)
		}
	}
}

func sameText(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

func TestWriteJSON(t *testing.T) {
	s, lib := loadDemo(t)
	entries, err := Plan(s, lib, PlanConfig{Minutes: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, entries); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	atMS := float64(entries[1].At.Milliseconds())
	if len(got) != len(entries) || got[1]["at_ms"].(float64) != atMS ||
		got[0]["text"] != entries[0].Text || got[0]["duration_ms"].(float64) <= 0 {
		t.Errorf("JSON plan %v does not match entries", got[:2])
	}
}

func TestEnglishPlanner(t *testing.T) {
	s, lib := loadDemo(t)
	p, err := New(s, lib, Config{Seed: 1, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		line, ok := p.Next(t0.Add(timeStep(i)))
		if !ok || line.Lang != "en" {
			t.Fatalf("line %d: %+v, %v", i, line, ok)
		}
		for _, r := range line.Text {
			if r >= 0x4e00 && r <= 0x9fff {
				t.Fatalf("English line %d holds Chinese: %q", i, line.Text)
			}
		}
	}
	line, ok := p.Reply(ReplyRequest{Intent: bus.IntentPrice, Viewer: "Amy"}, t0)
	if !ok || !strings.Contains(line.Text, "Amy") || !strings.Contains(line.Text, "yuan") {
		t.Errorf("English price answer = %q", line.Text)
	}
	if _, err := New(s, lib, Config{Lang: "fr"}); err == nil {
		t.Error("New accepted a language with no phrases")
	}
}

func TestEstimateDuration(t *testing.T) {
	tests := []struct {
		lang, text string
		speed      int
		want       time.Duration
	}{
		{"zh", "一二三四五六七八九", 0, 2 * time.Second},
		{"zh", "一二三四五六七八九，", 0, 2150 * time.Millisecond},
		{"zh", "一二三四五六七八九", 350, time.Second},
		{"zh", "30ml", 0, 220 * time.Millisecond},
		{"en", "one two three four five six seven eight nine ten", 0, 3700 * time.Millisecond},
		{"en", "", 0, 0},
	}
	for _, tt := range tests {
		if got := EstimateDuration(tt.lang, tt.text, tt.speed); got != tt.want {
			t.Errorf("EstimateDuration(%s, %q, %d) = %v, want %v", tt.lang, tt.text, tt.speed,
				got, tt.want)
		}
	}
}
