package director

import (
	"fmt"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/planner"
)

// onIntent puts a comment (or a merged burst of them) in the reply queue and
// answers at once if the host has not just answered something. The queue
// merges Intents of one burst, so a flood of "扣1" gets one line for everybody.
func (d *Director) onIntent(in bus.Intent) {
	if in.Intent == bus.IntentSpam {
		return
	}
	if in.Count <= 1 {
		d.noteChat(in.Text)
	}
	now := d.cfg.Now()
	switch {
	case isQuestion(in.Intent):
		d.ask(in, now)
	case !d.hold(in, now):
		d.replies.Add(burst.FromIntent(in, now), now)
	}
	d.noteQueue(now)
	d.flushReplies(now)
}

// replyWriteOff is how long the director waits for the LLM to write a
// reply before it stops holding the next one back for it; a request ends
// within the LLM budget, so this only guards against one never reporting.
// A reply published waits for the voice: see onPlayout.
const replyWriteOff = 12 * time.Second

// flushReplies answers the most valuable waiting burst once the voice has
// started the last reply (and the reply gap has passed), unless it is a
// question still gathering askers. So one reply at most waits in the voice,
// ready to follow the one on air: the others wait here, in the queue that
// ranks them and lets them go stale. A crowd asking faster than the host
// can talk gets its best questions answered, not every question minutes
// late, and the voice's own turns for the script do not pile replies up.
func (d *Director) flushReplies(now time.Time) {
	d.releaseHeld(now)
	for id, until := range d.replyWait {
		if !until.IsZero() && now.After(until) {
			delete(d.replyWait, id)
		}
	}
	// While the show is paused the voice is silent by request: questions
	// wait in the queue, where they age, rather than pile up in the voice.
	if len(d.replyWait) > 0 || now.Before(d.replyFree) || d.gathering(now) ||
		d.cfg.Planner.Paused() {
		return
	}
	b, ok := d.replies.Pop(now)
	d.noteQueue(now)
	if !ok {
		return
	}
	q := d.answering(b)
	line, ok := d.replyLine(b, now)
	if !ok {
		if q != nil {
			d.forgetAsked(q)
		}
		return
	}
	line.Source = bus.SourceReply
	line.ReplyTo = b.EventIDs
	ticket := d.speak(d.ctx, line, personalize.Request{
		Kind: personalize.KindAnswer, Viewer: b.Viewer(), Question: b.Text,
		Intent: b.Intent, Count: askers(b),
	})
	switch {
	case q != nil && ticket != "":
		d.preparing(q, ticket)
	case q != nil:
		d.onAir(q, nil, line.EstDuration, now)
	}
	d.replyFree = now.Add(d.cfg.ReplyGap)
	d.count(func(s *Stats) { s.Replies++ })
}

// replyLine asks the planner for an answer, or thanks viewers for gifts,
// follows and arrivals, which need no product knowledge.
func (d *Director) replyLine(b burst.Burst, now time.Time) (planner.Line, bool) {
	if !burst.IsKind(b.Intent) {
		return d.cfg.Planner.Reply(planner.ReplyRequest{
			Intent: b.Intent, Viewer: b.Viewer(), Text: b.Text,
			EventIDs: b.EventIDs, Count: askers(b),
		}, now)
	}
	names := viewerNames(b)
	var text string
	switch b.Intent {
	case burst.KindGift:
		text = fmt.Sprintf("谢谢%s的礼物，心意收到啦，爱你们！", names)
	case burst.KindFollow:
		text = fmt.Sprintf("欢迎%s关注，点了关注的宝宝记得加入粉丝团哦！", names)
	default:
		text = fmt.Sprintf("欢迎%s来到直播间，喜欢的宝宝点点关注！", names)
	}
	est := planner.EstimateDuration("zh", text, 0)
	return planner.Line{Text: text, Lang: "zh", Scene: bus.SceneReply, Theme: b.Intent,
		EstDuration: est}, true
}

// viewerNames names up to three viewers of a burst, and how many more there are.
func viewerNames(b burst.Burst) string {
	var names []string
	for _, u := range b.Users {
		if len(names) == 3 {
			break
		}
		n := u.Name
		if n == "" {
			n = u.ID
		}
		names = append(names, n)
	}
	s := strings.Join(names, "、")
	if total := max(b.UserCount, len(b.Users)); total > len(names) {
		s += fmt.Sprintf("等%d位宝宝", total)
	}
	if s == "" {
		s = "宝宝们"
	}
	return s
}

// onSignal lets the room's mood steer the next scripted line.
func (d *Director) onSignal(sig bus.RoomSignal) {
	if sig.Count == 0 && sig.Kind != bus.SignalViewers {
		return
	}
	d.cfg.Planner.Signal(planner.Signal{Kind: sig.Kind, Count: sig.Count})
}
