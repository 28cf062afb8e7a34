package planner

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

// Entry is one line of a simulated timeline, At from the start of the show.
type Entry struct {
	At time.Duration
	Line
}

// planStart is the simulated start of a planned show: a winter evening, so a
// plan is the same whenever it is made.
var planStart = time.Date(2026, time.December, 3, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Plan simulates minutes of a show with seed and no viewers' chat: each line
// starts when the previous one ends plus the schedule's gap, and the room's
// audience grows by a few viewers a minute. It backs `zhubo plan`.
func Plan(s *show.Show, lib *phrase.Library, minutes int, seed int64) ([]Entry, error) {
	p, err := New(s, lib, Config{Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	end := time.Duration(minutes) * time.Minute
	var out []Entry
	for at := time.Duration(0); at < end; {
		p.Signal(Signal{Kind: SignalViewers, Count: 50 + 30*int(at/time.Minute)})
		line, ok := p.Next(planStart.Add(at))
		if !ok {
			return out, fmt.Errorf("plan: nothing to say at %v", at)
		}
		out = append(out, Entry{At: at, Line: line})
		at += line.EstDuration + s.Schedule.Gap
	}
	return out, nil
}

// WriteText prints a timeline for people, one line per entry:
// "mm:ss.s  scene/theme  product  text".
func WriteText(w io.Writer, entries []Entry) error {
	for _, e := range entries {
		tenths := int64(e.At / (100 * time.Millisecond))
		_, err := fmt.Fprintf(w, "%02d:%02d.%d  %-26s %-14s %s\n", tenths/600, tenths%600/10,
			tenths%10, e.Scene+"/"+e.Theme, e.Product, e.Text)
		if err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
	}
	return nil
}

// entryJSON is the JSON shape of a timeline entry.
type entryJSON struct {
	AtMS int64 `json:"at_ms"`
	Line
	DurationMS int64 `json:"duration_ms"`
}

// WriteJSON prints a timeline as a JSON array of entries with at_ms,
// duration_ms and the line's fields.
func WriteJSON(w io.Writer, entries []Entry) error {
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryJSON{AtMS: e.At.Milliseconds(), Line: e.Line,
			DurationMS: e.EstDuration.Milliseconds()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}
