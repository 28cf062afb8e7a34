// Package report turns a room's archived show into a post-show report: what the
// viewers did minute by minute, what they asked and complained about, how each
// product's airtime converted, what drove the busiest minute, and how the host
// and the moderators spoke. Collect reads the archive stream; Build computes the
// same Summary from messages in memory; WriteHTML and WriteJSON render it.
package report

import (
	"context"
	"log/slog"
	"time"
)

// ShowGap is the silence that separates two shows of a room: with no Since,
// a report covers the messages after the last gap this long.
const ShowGap = 30 * time.Minute

// Options chooses the room and the stretch of its archive a report covers.
type Options struct {
	// Room is the room to report on.
	Room string
	// Since is the start of the report. Zero means the room's last show: the
	// messages after the last ShowGap of silence.
	Since time.Time
	// Until is the end of the report; zero means the end of the archive.
	Until time.Time
	// Interpret, when set, writes the interpretation of the peak minute, for
	// example with an LLM. When it is nil or fails, a templated text is used.
	Interpret func(ctx context.Context, s Summary) (string, error)
	// Location is the time zone of clock times in the report; nil is time.Local.
	Location *time.Location
}

// location is the time zone clock times are shown in.
func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.Local
	}
	return o.Location
}

// interpret replaces the templated interpretation of the peak minute with the
// text of fn, keeping the template when fn fails or answers nothing.
func (s *Summary) interpret(ctx context.Context, fn func(context.Context, Summary) (string,
	error)) {
	if fn == nil || s.Peak == nil {
		return
	}
	text, err := fn(ctx, *s)
	if err != nil || text == "" {
		slog.Warn("report: peak interpretation failed, using the template",
			"room", s.Room, "err", err)
		return
	}
	s.Peak.Interpretation = text
	s.Peak.InterpretedBy = InterpretedByFunc
}
