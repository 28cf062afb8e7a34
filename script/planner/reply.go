package planner

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/phrase"
)

// ReplyRequest is a viewer's comment, or a burst of them, read for intent.
type ReplyRequest struct {
	// Intent is one of the bus.Intent* names.
	Intent string
	// Viewer is the name the answer addresses; empty for a burst.
	Viewer string
	// Text is the comment, used to spot the skin type a viewer asks about.
	Text string
	// EventIDs are the events the answer replies to.
	EventIDs []string
	// Count is how many comments the request stands for; for a question, how
	// many viewers asked it. A question asked by more than one gets an answer
	// addressed to them all ("好多宝宝在问…"), when the library has one.
	Count int
}

// manyAskers tags the answers to a question that many viewers asked at once;
// they address the many and say {count}, so a single asker never gets one.
const manyAskers = "众问"

// defaultViewer addresses a viewer whose name is unknown.
var defaultViewer = map[string]string{"zh": "这位宝宝", "en": "friend"}

// Reply answers a viewer by name from the current product's card: price,
// suitability, usage, ingredients, efficacy, spec, stock and shipping from
// the card; a purchase burst with thanks to the many; a greeting with a
// welcome; anything else with a promise to follow up. It reports false for
// spam, for a banned viewer and when no answer fits.
func (p *Planner) Reply(in ReplyRequest, now time.Time) (Line, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if in.Intent == bus.IntentSpam || p.banned[in.Viewer] {
		return Line{}, false
	}
	req := pickRequest{scene: bus.SceneReply, theme: replyTheme(in),
		card: &p.show.Products[p.current], source: bus.SourceReply, lenient: true, joined: true,
		extra: map[string]string{"viewer": in.Viewer}}
	if in.Viewer == "" {
		req.extra["viewer"] = defaultViewer[p.lang]
	}
	if in.Count > 0 {
		req.extra["count"] = strconv.Itoa(in.Count)
	}
	switch req.theme {
	case bus.IntentSuitability:
		p.aimSuitability(&req, in.Text)
	case bus.IntentSpec:
		aimSpec(&req, in.Text)
	}
	line, ok := p.answer(req, in.Count > 1, now)
	if !ok && req.theme != bus.IntentOther {
		req.theme, req.accept = bus.IntentOther, nil
		line, ok = p.pick(req, now)
	}
	if !ok {
		return Line{}, false
	}
	line.ReplyTo = slices.Clone(in.EventIDs)
	return line, true
}

// answer picks an answer: for a question many asked, one addressed to them
// all if one fits, else, as for everything else, one that is not.
func (p *Planner) answer(req pickRequest, many bool, now time.Time) (Line, bool) {
	if many && strings.HasPrefix(req.theme, "question.") {
		req.require = manyAskers
		if line, ok := p.pick(req, now); ok {
			return line, true
		}
		req.require = ""
	}
	req.exclude = manyAskers
	return p.pick(req, now)
}

// replyTheme maps an intent to the reply theme that answers it.
func replyTheme(in ReplyRequest) string {
	if in.Intent == bus.IntentPurchase && in.Count > 1 {
		return "purchase.burst"
	}
	if slices.Contains(phrase.Themes[bus.SceneReply], in.Intent) {
		return in.Intent
	}
	return bus.IntentOther
}

// aimSuitability makes an answer about a skin type the card advises against
// say so, rather than list the types it suits.
func (p *Planner) aimSuitability(req *pickRequest, text string) {
	for _, skin := range req.card.UnsuitableSkin {
		if skin != "" && strings.Contains(text, skin) {
			req.extra["unsuitable"] = skin
			req.accept = func(ph *phrase.Phrase) bool {
				return strings.Contains(ph.Text, "{unsuitable}")
			}
			return
		}
	}
	req.accept = func(ph *phrase.Phrase) bool {
		return !strings.Contains(ph.Text, "{unsuitable}")
	}
}

// specTopics are the words that make a spec question one about how the
// product smells or feels, with the card's slot that answers it.
var specTopics = []struct {
	slot  string
	words []string
}{
	{"{scent}", []string{"味", "香", "闻", "smell", "scent", "fragrance"}},
	{"{texture}", []string{"质地", "膏体", "质感", "黏", "粘", "稠", "稀", "油腻", "清爽",
		"texture", "sticky", "greasy", "feel"}},
}

// aimSpec answers a question about scent or texture from that slot of the
// card, and any other spec question (size, packaging) from the lines that
// say neither.
func aimSpec(req *pickRequest, text string) {
	lower := strings.ToLower(text)
	for _, t := range specTopics {
		for _, w := range t.words {
			if strings.Contains(lower, w) {
				req.accept = func(ph *phrase.Phrase) bool { return strings.Contains(ph.Text, t.slot) }
				return
			}
		}
	}
	req.accept = func(ph *phrase.Phrase) bool {
		for _, t := range specTopics {
			if strings.Contains(ph.Text, t.slot) {
				return false
			}
		}
		return true
	}
}
