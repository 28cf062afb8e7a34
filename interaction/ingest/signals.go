package ingest

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// RoomSignals is a snapshot of how lively a room is, for the planner to choose what
// the host says next. Rates count accepted events in the minute before At.
type RoomSignals struct {
	Room string
	At   time.Time

	ChatPerMinute            int // accepted comments
	PurchaseIntentsPerMinute int // comments classified as purchase
	LikesPerMinute           int // sum of like counts
	GiftsPerMinute           int
	FollowsPerMinute         int
	EntersPerMinute          int
	SharesPerMinute          int
	PurchasesPerMinute       int // purchase events reported by the platform

	// Viewers is the last viewers count reported; ViewersTrend its change over the
	// last minute (positive: the room is filling).
	Viewers      int
	ViewersTrend int

	// LastComment is when the last comment was accepted, zero if none yet.
	LastComment time.Time
	// SinceLastComment is how long the chat has been silent: since LastComment, or
	// since ingest started when the room has had no comment.
	SinceLastComment time.Duration
}

// roomState accumulates one room's signals. Ingest's mutex guards it.
type roomState struct {
	comments, purchaseIntents, likes, gifts window
	follows, enters, shares, purchases      window
	viewers                                 gauge
	lastComment                             time.Time

	// bursts merges the room's comments, gifts, follows and arrivals.
	bursts *burst.Merger
	// saidLevels remembers the last signal published of each kind levels
	// reads, in its order; said that of each question burst's intent.
	saidLevels [levelKinds]announced
	said       map[string]announced
}

// observe counts one accepted Event at now.
func (s *roomState) observe(e bus.Event, now time.Time) {
	n := max(e.Count, 1)
	switch e.Type {
	case bus.EventComment:
		s.comments.add(now, 1)
		s.lastComment = now
	case bus.EventLike:
		s.likes.add(now, n)
	case bus.EventGift:
		s.gifts.add(now, n)
	case bus.EventFollow:
		s.follows.add(now, 1)
	case bus.EventEnter:
		s.enters.add(now, 1)
	case bus.EventShare:
		s.shares.add(now, 1)
	case bus.EventPurchase:
		s.purchases.add(now, n)
	case bus.EventViewers:
		s.viewers.put(now, e.Count)
	}
}

// snapshot reads the room's signals at now; started stands in for the last
// comment of a room that has had none.
func (s *roomState) snapshot(room string, now, started time.Time) RoomSignals {
	since := s.lastComment
	if since.IsZero() {
		since = started
	}
	return RoomSignals{
		Room:                     room,
		At:                       now,
		ChatPerMinute:            s.comments.sum(now),
		PurchaseIntentsPerMinute: s.purchaseIntents.sum(now),
		LikesPerMinute:           s.likes.sum(now),
		GiftsPerMinute:           s.gifts.sum(now),
		FollowsPerMinute:         s.follows.sum(now),
		EntersPerMinute:          s.enters.sum(now),
		SharesPerMinute:          s.shares.sum(now),
		PurchasesPerMinute:       s.purchases.sum(now),
		Viewers:                  s.viewers.now,
		ViewersTrend:             s.viewers.trend(now),
		LastComment:              s.lastComment,
		SinceLastComment:         max(now.Sub(since), 0),
	}
}
