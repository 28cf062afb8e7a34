package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

// propertySeeds is how many seeded hour-long shows the property test plans;
// the race detector's slowdown gets fewer.
func propertySeeds() int {
	if raceEnabled {
		return 16
	}
	return 200
}

// seedStart spreads the seeds' shows over the year and the day, so every
// season and time of day is planned.
func seedStart(seed int) time.Time {
	cst := time.FixedZone("CST", 8*3600)
	return time.Date(2026, time.Month(1+seed%12), 1+seed%28, (seed*7)%24, 0, 0, 0, cst)
}

// offSeason lists words that must not be said in a season or time of day.
var offSeason = map[string][]string{
	"summer":    {"暖气", "天冷", "湿冷", "这个冬天", "冬天风", "冬天暖气", "多穿点"},
	"spring":    {"暖气", "这个冬天", "冬天暖气", "多穿点"},
	"autumn":    {"天气热了", "南方的夏天", "夏天出油出汗多"},
	"winter":    {"天气热了", "南方的夏天", "夏天出油出汗多", "回南天"},
	"morning":   {"今晚", "晚安", "晚上好", "好梦", "tonight", "Goodnight"},
	"afternoon": {"今晚", "晚安", "晚上好", "好梦", "早上好", "tonight", "Goodnight"},
	"evening":   {"早上好", "白天记得", "这个早上", "这个下午"},
	"night":     {"早上好", "白天记得", "这个早上", "这个下午"},
}

func TestPlanPropertiesOverSeeds(t *testing.T) {
	s, lib := loadDemo(t)
	byID := map[string]phrase.Phrase{}
	for _, ph := range lib.Phrases() {
		byID[ph.ID] = ph
	}
	law, checked := phrase.DefaultAdLaw(), map[string][]string{}
	violations := func(text string) []string {
		v, ok := checked[text]
		if !ok {
			v = law.Violations(text)
			checked[text] = v
		}
		return v
	}
	efficacy := map[string]bool{}
	for seed := range propertySeeds() {
		entries, err := Plan(s, lib, PlanConfig{Minutes: 60, Seed: int64(seed),
			Start: seedStart(seed)})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, problem := range checkPlan(s, byID, violations, entries) {
			t.Errorf("seed %d: %s", seed, problem)
		}
		for _, e := range entries {
			if e.Theme == "efficacy" && e.Product == "night-serum" {
				for _, eff := range s.Products[0].Efficacy {
					efficacy[eff] = efficacy[eff] || strings.Contains(e.Text, eff)
				}
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	for eff, said := range efficacy {
		if !said {
			t.Errorf("the {efficacy} slot never said %q", eff)
		}
	}
}

// checkPlan lists every property an hour of planned show breaks.
func checkPlan(s *show.Show, byID map[string]phrase.Phrase, violations func(string) []string,
	entries []Entry) []string {
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	lastSaid := map[string]time.Duration{}
	scenes := map[string]int{}
	current := &s.Products[0]
	for i, e := range entries {
		scenes[e.Scene]++
		if e.Product != "" {
			current, _ = s.Product(e.Product)
		}
		ph, ok := byID[e.Phrase]
		if !ok {
			bad("entry %d %q names no phrase of the library", i, e.Text)
			continue
		}
		if last, ok := lastSaid[ph.ID]; ok && e.At-last < ph.Cooldown {
			bad("entry %d repeats %s after %v, inside its %v cooldown", i, ph.ID,
				e.At-last, ph.Cooldown)
		}
		lastSaid[ph.ID] = e.At
		q := phrase.Query{Scene: e.Scene, Theme: e.Theme, Lang: e.Lang,
			Category: current.Category, Positioning: current.Positioning, Season: e.Season,
			Region: s.Schedule.Region, TimeOfDay: e.TimeOfDay, SkinTypes: current.SuitableSkin,
			PainPoints: current.PainPoints, Audience: current.Audience,
			HasCoupon: current.Coupon != "", Viewers: e.Viewers}
		if !q.Fits(&ph) {
			bad("entry %d: %s (when %+v) does not fit %s, %s, %d viewers, product %s",
				i, ph.ID, ph.When, e.Season, e.TimeOfDay, e.Viewers, current.ID)
		}
		if v := violations(e.Text); len(v) > 0 || strings.ContainsAny(e.Text, "{}") {
			bad("entry %d: %q has forbidden words %v or an unfilled slot", i, e.Text, v)
		}
		for _, w := range append(offSeason[e.Season], offSeason[e.TimeOfDay]...) {
			if strings.Contains(e.Text, w) {
				bad("entry %d in %s %s says %q: %q", i, e.Season, e.TimeOfDay, w, e.Text)
			}
		}
	}
	for _, scene := range []string{bus.SceneOpening, bus.SceneRetention, bus.SceneInteraction,
		bus.SceneProduct, bus.SceneClosing} {
		if scenes[scene] == 0 {
			bad("an hour without a %s line: %v", scene, scenes)
		}
	}
	return append(problems, checkBlocks(s, entries)...)
}

// checkBlocks lists product blocks that are out of the show's order or give
// a product fewer product lines than the schedule asks for.
func checkBlocks(s *show.Show, entries []Entry) []string {
	var problems []string
	want := s.Schedule.ProductLines
	block, lines, next := "", 0, 0
	end := func(i int) {
		if block != "" && lines < want && i < len(entries) {
			problems = append(problems, fmt.Sprintf("block of %s ends at entry %d after %d "+
				"product lines, want %d", block, i, lines, want))
		}
	}
	for i, e := range entries {
		switch {
		case e.Product == "" || e.Product == block:
			if e.Product == block && e.Scene == bus.SceneProduct {
				lines++
			}
		default:
			end(i)
			if e.Product != s.Products[next%len(s.Products)].ID {
				problems = append(problems, fmt.Sprintf("entry %d starts a block of %s, "+
					"want %s", i, e.Product, s.Products[next%len(s.Products)].ID))
			}
			block, lines = e.Product, 0
			if e.Scene == bus.SceneProduct {
				lines = 1
			}
			next++
		}
	}
	return problems
}
