package planner

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

// Entry is one line of a simulated timeline.
type Entry struct {
	// At is when the line starts, from the start of the show.
	At time.Duration
	// Start is when the line starts on the room's clock.
	Start time.Time
	// Season and TimeOfDay are what the clock said when the line was chosen.
	Season, TimeOfDay string
	// Viewers is the simulated audience when the line was chosen.
	Viewers int
	Line
}

// DefaultPlanStart is when a planned show starts unless told otherwise: a
// winter evening in China, so a plan is the same whenever it is made.
var DefaultPlanStart = time.Date(2026, time.December, 3, 20, 0, 0, 0,
	time.FixedZone("CST", 8*3600))

// PlanConfig says what stretch of a show to simulate.
type PlanConfig struct {
	// Minutes is the length of the timeline.
	Minutes int
	// Seed makes the plan repeatable.
	Seed int64
	// Start is when the show starts; the zero time means DefaultPlanStart.
	// Its date picks the season (unless the show pins one) and the room's
	// clock the time of day of every line.
	Start time.Time
	// Lang is the language of the lines; empty means the show's.
	Lang string
}

// Plan simulates a stretch of a show with no viewers' chat: each line starts
// when the previous one ends plus the schedule's gap, and the room's audience
// grows by a few viewers a minute. It backs `zhubo plan`.
func Plan(s *show.Show, lib *phrase.Library, cfg PlanConfig) ([]Entry, error) {
	start := cfg.Start
	if start.IsZero() {
		start = DefaultPlanStart
	}
	start = start.In(s.Schedule.Location())
	p, err := New(s, lib, Config{Seed: cfg.Seed, Lang: cfg.Lang,
		Clock: func() time.Time { return start }})
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	end := time.Duration(cfg.Minutes) * time.Minute
	var out []Entry
	for at := time.Duration(0); at < end; {
		viewers := 50 + 30*int(at/time.Minute)
		p.Signal(Signal{Kind: SignalViewers, Count: viewers})
		now := start.Add(at)
		line, ok := p.Next(now)
		if !ok {
			return out, fmt.Errorf("plan: %w at %v", ErrNoPhrases, at)
		}
		m := p.moment(now)
		out = append(out, Entry{At: at, Start: now, Season: m.season, TimeOfDay: m.timeOfDay,
			Viewers: viewers, Line: line})
		at += line.EstDuration + s.Schedule.Gap
	}
	return out, nil
}

// WriteText prints a timeline for people: a header with the start, season
// and time of day, then one line per entry with its start on the room's
// clock and from the show's start, scene/theme, product ("-" for none) and
// text.
func WriteText(w io.Writer, entries []Entry) error {
	if len(entries) > 0 {
		e := entries[0]
		_, err := fmt.Fprintf(w, "# start %s, %s, %s\n", e.Start.Format(time.RFC3339),
			e.Season, e.TimeOfDay)
		if err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
	}
	for _, e := range entries {
		tenths := int64(e.At / (100 * time.Millisecond))
		product := e.Product
		if product == "" {
			product = "-"
		}
		_, err := fmt.Fprintf(w, "%s +%02d:%02d.%d  %-26s %-14s %s\n",
			e.Start.Format(time.TimeOnly), tenths/600, tenths%600/10, tenths%10,
			e.Scene+"/"+e.Theme, product, e.Text)
		if err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
	}
	return nil
}

// entryJSON is the JSON shape of a timeline entry.
type entryJSON struct {
	AtMS      int64  `json:"at_ms"`
	Start     string `json:"start"`
	Season    string `json:"season"`
	TimeOfDay string `json:"time_of_day"`
	Viewers   int    `json:"viewers"`
	Line
	DurationMS int64 `json:"duration_ms"`
}

// WriteJSON prints a timeline as a JSON array of entries with at_ms, start
// (RFC 3339 on the room's clock), season, time_of_day, viewers, duration_ms
// and the line's fields.
func WriteJSON(w io.Writer, entries []Entry) error {
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryJSON{AtMS: e.At.Milliseconds(), Start: e.Start.Format(time.RFC3339Nano),
			Season: e.Season, TimeOfDay: e.TimeOfDay, Viewers: e.Viewers, Line: e.Line,
			DurationMS: e.EstDuration.Milliseconds()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}
