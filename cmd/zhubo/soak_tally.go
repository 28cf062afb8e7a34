package main

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"sync"
)

// tally counts what happened during a soak by kind: faults injected, faults
// that hit a request, errors the load saw, and the load's own outcomes.
type tally struct {
	mu     sync.Mutex // guards counts
	counts map[string]map[string]uint64
}

// Tally groups.
const (
	groupFault    = "faults"
	groupFaultHit = "fault_hits"
	groupError    = "errors"
	groupCue      = "cues"
	groupEvent    = "events"
	groupViewer   = "viewers"
)

func newTally() *tally { return &tally{counts: map[string]map[string]uint64{}} }

// add counts n of kind in group.
func (t *tally) add(group, kind string, n uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := t.counts[group]
	if m == nil {
		m = map[string]uint64{}
		t.counts[group] = m
	}
	m[kind] += n
}

// get returns a copy of a group's counts.
func (t *tally) get(group string) map[string]uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return maps.Clone(t.counts[group])
}

// sum adds up a group's counts.
func (t *tally) sum(group string) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var n uint64
	for _, v := range t.counts[group] {
		n += v
	}
	return n
}

// logCounter is the soaked server's log handler: it counts every warning and
// error by level and message, and prints them only when asked to.
type logCounter struct {
	next  slog.Handler // nil: count only
	tally *tally
	attrs []slog.Attr
}

func newLogCounter(w io.Writer, print bool) *logCounter {
	c := &logCounter{tally: newTally()}
	if print {
		c.next = slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn})
	}
	return c
}

// Enabled implements slog.Handler: warnings and errors only.
func (c *logCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

// Handle implements slog.Handler.
func (c *logCounter) Handle(ctx context.Context, r slog.Record) error {
	c.tally.add(r.Level.String(), r.Message, 1)
	if c.next != nil {
		return c.next.Handle(ctx, r)
	}
	return nil
}

// WithAttrs implements slog.Handler; the counts ignore attributes.
func (c *logCounter) WithAttrs(as []slog.Attr) slog.Handler {
	d := *c
	if c.next != nil {
		d.next = c.next.WithAttrs(as)
	}
	return &d
}

// WithGroup implements slog.Handler.
func (c *logCounter) WithGroup(name string) slog.Handler {
	d := *c
	if c.next != nil {
		d.next = c.next.WithGroup(name)
	}
	return &d
}

// warnings and errors return the counts by message.
func (c *logCounter) warnings() map[string]uint64 { return c.tally.get(slog.LevelWarn.String()) }
func (c *logCounter) errors() map[string]uint64   { return c.tally.get(slog.LevelError.String()) }
