package planner

import (
	"slices"
	"testing"

	"github.com/zhubo-live/zhubo/script/phrase"
)

// TestLuckyBagMomentsArePreviewed plans a show whose schedule gives every
// second product block a lucky bag, and checks that such a block teases it
// once halfway and ends by opening it, while the other blocks say nothing of
// lucky bags.
func TestLuckyBagMomentsArePreviewed(t *testing.T) {
	s, lib := loadDemo(t)
	s.Schedule.LuckyBagEvery = 2
	byID := map[string]phrase.Phrase{}
	for _, ph := range lib.Phrases() {
		byID[ph.ID] = ph
	}
	entries, err := Plan(s, lib, PlanConfig{Minutes: 60, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && entries[end].Product == entries[start].Product {
			end++
		}
		product := entries[start].Product
		block := entries[start:end]
		start = end
		if product == "" || end == len(entries) {
			continue // the show's frame, or a block the plan cut short
		}
		var teases, opens []int
		for i, e := range block {
			kw := byID[e.Phrase].Keywords
			switch {
			case slices.Contains(kw, luckyBagOpens):
				opens = append(opens, i)
			case slices.Contains(kw, welfareKeywords["lucky_bag"]):
				teases = append(teases, i)
			}
		}
		if product != s.Products[1].ID {
			if len(teases)+len(opens) > 0 {
				t.Errorf("block of %s speaks of a lucky bag it does not have", product)
			}
			continue
		}
		blocks++
		if len(teases) != 1 || len(opens) != 1 || opens[0] != len(block)-1 ||
			teases[0] >= opens[0] {
			t.Errorf("block of %s: lucky-bag teasers at %v, openings at %v of %d lines; "+
				"want one teaser, then the opening as its last line", product, teases, opens,
				len(block))
		}
	}
	if blocks == 0 {
		t.Fatal("the plan has no whole block of the second product")
	}
}

// TestScheduledTimeOfDayOverridesTheClock pins the time of day to morning on
// an evening show and checks that every line was chosen for the morning.
func TestScheduledTimeOfDayOverridesTheClock(t *testing.T) {
	s, lib := loadDemo(t)
	s.Schedule.TimeOfDay = "morning"
	byID := map[string]phrase.Phrase{}
	for _, ph := range lib.Phrases() {
		byID[ph.ID] = ph
	}
	entries, err := Plan(s, lib, PlanConfig{Minutes: 30, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		when := byID[e.Phrase].When.TimeOfDay
		if e.TimeOfDay != "morning" || (len(when) > 0 && !slices.Contains(when, "morning")) {
			t.Fatalf("at %v (%s) line %q is for %v", e.At, e.TimeOfDay, e.Text, when)
		}
	}
}
