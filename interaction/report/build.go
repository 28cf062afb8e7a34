package report

import (
	"math"
	"slices"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Build summarizes a room's messages: those in [Since, Until), or with no Since
// the room's last show. Messages need not be sorted. With no messages it returns
// an empty Summary that renders as an empty report; Collect turns that case into
// ErrNoMessages instead. Build does not call Options.Interpret.
func Build(opts Options, msgs []Message) *Summary {
	msgs = window(opts, msgs)
	s := &Summary{
		Room: opts.Room, Zone: opts.location().String(), loc: opts.location(),
		Minutes: []Minute{}, Intents: []IntentCount{}, Questions: []Topic{},
		Complaints: []Topic{}, Products: []ProductAirtime{}, Blocks: []Block{},
		Sources: []SourceCount{}, Cues: []CueRecord{},
	}
	if len(msgs) == 0 {
		return s
	}
	s.Start = msgs[0].At.UTC().Truncate(time.Minute)
	if !opts.Since.IsZero() {
		s.Start = opts.Since.UTC().Truncate(time.Minute)
	}
	s.End = second(msgs[len(msgs)-1].At)
	if !opts.Until.IsZero() {
		s.End = second(opts.Until)
	}
	s.count(msgs)
	s.Minutes = minutes(s.Start, s.End, msgs)
	s.Intents = intentCounts(msgs)
	s.Questions, s.Complaints = topics(msgs, questionTopics), topics(msgs, complaintTopics)
	s.Blocks = blocks(msgs, s.End)
	s.Products = airtime(s.Blocks, msgs)
	s.Sources = sources(msgs)
	s.Cues = cues(msgs)
	s.Totals.Cues = len(s.Cues)
	for _, c := range s.Cues {
		s.Totals.CuesRejected += c.rejected()
		if len(c.Acks) == 0 {
			s.Totals.CuesUnanswered++
		}
	}
	s.Peak = peak(s, msgs, opts.location())
	return s
}

// window sorts a copy of msgs by time and keeps the report's range.
func window(opts Options, msgs []Message) []Message {
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		if !opts.Since.IsZero() && m.At.Before(opts.Since) {
			continue
		}
		if !opts.Until.IsZero() && !m.At.Before(opts.Until) {
			continue
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b Message) int { return a.At.Compare(b.At) })
	if opts.Since.IsZero() {
		for i := len(out) - 1; i > 0; i-- {
			if out[i].At.Sub(out[i-1].At) >= ShowGap {
				return out[i:]
			}
		}
	}
	return out
}

// count fills the show's totals from its messages.
func (s *Summary) count(msgs []Message) {
	t := &s.Totals
	t.Messages = len(msgs)
	for _, m := range msgs {
		switch {
		case m.Event != nil:
			t.countEvent(m.Event)
		case m.comment():
			t.Intents++
			switch it := m.Intent.Intent; {
			case it == bus.IntentPurchase:
				t.PurchaseIntents++
			case it == bus.IntentComplaint:
				t.Complaints++
			case isQuestion(it):
				t.Questions++
			}
		case m.Utterance != nil:
			t.Utterances++
			t.SpokenMS += m.Utterance.DurationMS
		}
	}
}

// countEvent counts one viewer Event.
func (t *Totals) countEvent(e *bus.Event) {
	switch e.Type {
	case bus.EventComment:
		t.Comments++
	case bus.EventLike:
		t.Likes += units(e)
	case bus.EventGift:
		t.Gifts += units(e)
	case bus.EventFollow:
		t.Follows++
	case bus.EventShare:
		t.Shares++
	case bus.EventEnter:
		t.Enters++
	case bus.EventPurchase:
		t.Purchases += units(e)
	case bus.EventViewers:
		t.PeakViewers = max(t.PeakViewers, e.Count)
	}
}

// units is how many likes, gifts or purchases an Event stands for: its count,
// at least one.
func units(e *bus.Event) int { return max(e.Count, 1) }

// minutes is the per-minute series of comments, likes and viewers.
func minutes(start, end time.Time, msgs []Message) []Minute {
	n := int(end.Sub(start)/time.Minute) + 1
	out := make([]Minute, n)
	seen := make([]bool, n)
	for i := range out {
		out[i] = Minute{Minute: i, At: start.Add(time.Duration(i) * time.Minute)}
	}
	for _, m := range msgs {
		i := int(m.At.Sub(start) / time.Minute)
		if m.Event == nil || i < 0 || i >= n {
			continue
		}
		switch m.Event.Type {
		case bus.EventComment:
			out[i].Comments++
		case bus.EventLike:
			out[i].Likes += units(m.Event)
		case bus.EventViewers:
			out[i].Viewers = max(out[i].Viewers, m.Event.Count)
			seen[i] = true
		}
	}
	for i := 1; i < n; i++ {
		if !seen[i] {
			out[i].Viewers = out[i-1].Viewers
		}
	}
	return out
}

// share is n of total as a percentage rounded to one decimal.
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(1000*float64(n)/float64(total)) / 10
}

// second is t in UTC, truncated to the second.
func second(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
