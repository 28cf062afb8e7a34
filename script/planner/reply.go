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
	// Count is how many comments the request stands for.
	Count int
}

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
	if req.theme == bus.IntentSuitability {
		p.aimSuitability(&req, in.Text)
	}
	line, ok := p.pick(req, now)
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
