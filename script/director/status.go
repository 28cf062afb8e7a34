package director

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// statusReplies is how many waiting replies a console sees.
const statusReplies = 8

// Replies lists what waits in the reply queue, most valuable first, as it
// stood after the director last changed the queue.
func (d *Director) Replies() []bus.QueuedReply {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]bus.QueuedReply(nil), d.queued...)
}

// noteQueue records the reply queue for Replies; it runs on the Run goroutine,
// which owns the queue.
func (d *Director) noteQueue(now time.Time) {
	bursts := d.replies.Snapshot(now, statusReplies)
	queued := make([]bus.QueuedReply, len(bursts))
	for i, b := range bursts {
		queued[i] = bus.QueuedReply{Intent: b.Intent, Viewer: b.Viewer(), Text: b.Text,
			Count: b.Count}
	}
	d.mu.Lock()
	d.queued = queued
	d.stats.ReplyQueue = d.replies.Len()
	d.mu.Unlock()
}
