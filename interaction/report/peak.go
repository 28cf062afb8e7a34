package report

import (
	"fmt"
	"strings"
	"time"
)

// Limits of the peak's explanation.
const (
	// cueLookback is how long before the peak minute a cue may have driven it.
	cueLookback = 5 * time.Minute
	// peakIntents is how many of the peak minute's intents it reports.
	peakIntents = 3
)

// peak finds the minute with the most comments and likes, the earliest on a
// tie, and explains it; nil when the show had neither.
func peak(s *Summary, msgs []Message, loc *time.Location) *Peak {
	best := -1
	for i, m := range s.Minutes {
		if m.Comments+m.Likes > 0 && (best < 0 ||
			m.Comments+m.Likes > s.Minutes[best].Comments+s.Minutes[best].Likes) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	m := s.Minutes[best]
	p := &Peak{Minute: m.Minute, At: m.At, Comments: m.Comments, Likes: m.Likes,
		InterpretedBy: InterpretedByTemplate}
	start, end := m.At, m.At.Add(time.Minute)
	p.Intents = minuteIntents(msgs, start, end)
	if i := blockAt(s.Blocks, start.Add(30*time.Second)); i >= 0 {
		p.Product = s.Blocks[i].Product
		p.Name = productName(s.Products, p.Product)
	}
	for i := len(s.Cues) - 1; i >= 0; i-- {
		c := s.Cues[i]
		if c.At.Before(end) && !c.At.Before(start.Add(-cueLookback)) {
			p.Cue = &c
			break
		}
	}
	p.Interpretation = p.template(loc)
	return p
}

// minuteIntents counts the per-comment intents in [start, end), top first.
func minuteIntents(msgs []Message, start, end time.Time) []IntentCount {
	counts := make(map[string]int)
	total := 0
	for _, m := range msgs {
		if m.comment() && !m.At.Before(start) && m.At.Before(end) {
			counts[m.Intent.Intent]++
			total++
		}
	}
	ranked := rankIntents(counts, total)
	return ranked[:min(len(ranked), peakIntents)]
}

// productName is the display name of product, or its id.
func productName(ps []ProductAirtime, product string) string {
	for _, p := range ps {
		if p.Product == product && p.Name != "" {
			return p.Name
		}
	}
	return ""
}

// template writes the peak's interpretation from its numbers.
func (p *Peak) template(loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "开播第 %d 分钟（%s）互动最多：评论 %d 条，点赞 %d 次。",
		p.Minute+1, p.At.In(loc).Format("15:04"), p.Comments, p.Likes)
	if len(p.Intents) > 0 {
		top := p.Intents[0]
		fmt.Fprintf(&b, "评论以「%s」为主（%d 条，占 %.1f%%）", top.Label, top.Count, top.Share)
		if len(p.Intents) > 1 {
			fmt.Fprintf(&b, "，其次是「%s」（%d 条）", p.Intents[1].Label, p.Intents[1].Count)
		}
		b.WriteString("。")
	}
	if p.Product != "" {
		fmt.Fprintf(&b, "当时在讲「%s」。", cmpName(p.Name, p.Product))
	}
	if c := p.Cue; c != nil {
		ago := p.At.Sub(c.At)
		when := "这一分钟内"
		if ago > 0 {
			when = fmt.Sprintf("%d 分钟前", int((ago+time.Minute-1)/time.Minute))
		}
		fmt.Fprintf(&b, "%s运营发出「%s」指令%s。", when, c.Label, cueDetail(c))
	}
	return b.String()
}

// cmpName is name, or id when name is empty.
func cmpName(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// cueDetail is the argument a cue's line mentions, in parentheses, or "".
func cueDetail(c *CueRecord) string {
	for _, k := range []string{"text", "product", "kind", "word", "user"} {
		if v := c.Args[k]; v != "" {
			return "（" + clipRunes(v, 24) + "）"
		}
	}
	return ""
}
