package director

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
)

// onIntent answers a comment at once when the host has not just answered one;
// otherwise it joins a reply being merged with others of the same intent, so a
// flood of "扣1" becomes one line for everybody.
func (d *Director) onIntent(in bus.Intent) {
	if in.Intent == bus.IntentSpam {
		return
	}
	d.noteChat(in.Text)
	m := d.merging[in.Intent]
	if m == nil {
		m = &mergedReply{intent: in.Intent}
		d.merging[in.Intent] = m
		d.order = append(d.order, in.Intent)
	}
	m.lastText = in.Text
	users := in.Users
	if len(users) == 0 {
		users = []bus.User{in.User}
	}
	for _, u := range users {
		m.viewers = appendUnique(m.viewers, viewerName(u))
	}
	events := in.EventIDs
	if len(events) == 0 && in.Event != "" {
		events = []string{in.Event}
	}
	m.events = append(m.events, events...)
	d.count(func(s *Stats) { s.ReplyQueue = len(d.order) })
	d.flushReplies(d.cfg.Now())
}

// flushReplies publishes the oldest merged reply if the reply gap has passed.
func (d *Director) flushReplies(now time.Time) {
	if len(d.order) == 0 || now.Sub(d.lastReply) < d.cfg.ReplyGap {
		return
	}
	intent := d.order[0]
	d.order = d.order[1:]
	d.count(func(s *Stats) { s.ReplyQueue = len(d.order) })
	m := d.merging[intent]
	delete(d.merging, intent)

	req := planner.ReplyRequest{
		Intent:   m.intent,
		Viewer:   m.viewers[0],
		Text:     m.lastText,
		EventIDs: m.events,
		Count:    len(m.events),
	}
	line, ok := d.cfg.Planner.Reply(req, now)
	if !ok {
		return
	}
	line.Source = bus.SourceReply
	line.ReplyTo = m.events
	d.speak(d.ctx, line, personalize.Request{
		Kind: personalize.KindAnswer, Viewer: req.Viewer, Question: req.Text,
		Intent: req.Intent, Count: req.Count,
	})
	d.lastReply = now
	d.count(func(s *Stats) { s.Replies++ })
}

func viewerName(u bus.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.ID
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
