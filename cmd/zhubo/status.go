package main

import (
	"context"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/planner"
)

// statusEvery is how often a room's RoomStatus goes to the consoles.
const statusEvery = time.Second

// publishStatus sends the room's RoomStatus once a second until ctx ends. It
// reads every part's snapshot, so the parts' own loops never wait for it.
func (s *Server) publishStatus(ctx context.Context, r *room) error {
	tick := time.NewTicker(statusEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-tick.C:
			st := s.roomStatus(r, now)
			if err := bus.Publish(s.nc, bus.StatusSubject(r.name), st); err != nil {
				r.log.Debug("publish status", "err", err)
			}
		}
	}
}

// roomStatus gathers what a console shows about a room at a glance.
func (s *Server) roomStatus(r *room, now time.Time) bus.RoomStatus {
	ps := r.presenter.Stats()
	ds := r.director.Stats()
	sig := r.ingest.Signals(r.name)
	st := bus.RoomStatus{
		V: bus.SchemaVersion, Room: r.name, At: now.UTC(), Owner: s.id,
		Paused:  r.planner.Paused(),
		Next:    plannedLines(r.planner.Upcoming(3)),
		Replies: r.director.Replies(),
		Stats: bus.RoomStats{
			Viewers:        r.relay.Stats().Connected,
			ChatPerMin:     float64(sig.ChatPerMinute),
			LikesPerMin:    float64(sig.LikesPerMinute),
			FPS:            ps.FPS,
			DeadAirSeconds: ps.DeadAir.Seconds(),
			Utterances:     ds.Script + ds.Replies + ds.Cues,
			Replies:        ds.Replies,
		},
	}
	if ps.Speaking {
		st.OnAir = ps.Utterance
	}
	if p := r.planner.CurrentProduct(); p != nil {
		st.Product, st.ProductName = p.ID, p.Name
	}
	return st
}

func plannedLines(lines []planner.Line) []bus.PlannedLine {
	out := make([]bus.PlannedLine, len(lines))
	for i, l := range lines {
		out[i] = bus.PlannedLine{Scene: l.Scene, Theme: l.Theme, Product: l.Product, Text: l.Text}
	}
	return out
}
