package planner

import "github.com/zhubo-live/zhubo/interaction/bus"

// Signal kinds the interaction layer sends to steer the script.
const (
	// SignalViewersDropping asks for a line that keeps viewers watching.
	SignalViewersDropping = "viewers_dropping"
	// SignalQuiet asks for a line that gets the chat going.
	SignalQuiet = "quiet"
	// SignalPurchaseWave asks for urgency while buyers are buying.
	SignalPurchaseWave = "purchase_wave"
	// SignalQuestionBurst asks viewers to put their questions on screen.
	SignalQuestionBurst = "question_burst"
	// SignalViewers reports the current number of viewers in Count.
	SignalViewers = "viewers"
)

// Signal is a reading of the room that steers the next scripted line.
type Signal struct {
	Kind string
	// Count is the viewer count for SignalViewers, else how many events
	// the signal stands for.
	Count int
}

// Signal steers the script: the next line Next returns answers the signal
// before the running order goes on. Unknown kinds are ignored.
func (p *Planner) Signal(sig Signal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := p.current
	var st step
	switch sig.Kind {
	case SignalViewers:
		p.viewers = max(sig.Count, 0)
		return
	case SignalViewersDropping:
		st = step{scene: bus.SceneRetention, product: cur,
			themes: []string{"welfare_preview", "pain_point", "scenario"}}
	case SignalQuiet:
		st = step{scene: bus.SceneInteraction, product: cur, themes: []string{"comment", "like"}}
	case SignalPurchaseWave:
		st = step{scene: bus.SceneProduct, product: cur, themes: []string{"urgency", "coupon"}}
	case SignalQuestionBurst:
		st = step{scene: bus.SceneInteraction, product: cur, themes: []string{"comment"}}
	default:
		return
	}
	// A flood of one signal should not crowd out the show: keep one of each.
	for _, u := range p.urgent {
		if u.scene == st.scene && u.themes[0] == st.themes[0] {
			return
		}
	}
	p.urgent = append(p.urgent, st)
}
