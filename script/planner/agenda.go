package planner

import (
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/show"
)

// step is one slot of the running order: a scene and the themes to try in
// order until one has a line that fits.
type step struct {
	scene   string
	themes  []string
	product int // index into the show's products; -1 for none
	// require and exclude narrow the step's lines to those tagged, or not
	// tagged, with a keyword: which welfare a preview speaks of.
	require, exclude string
}

// Keywords of the lines that open a lucky bag, as against those that tease it.
const luckyBagOpens = "开福袋"

// Theme rotations for the lines woven into product blocks and the show's frame.
var (
	openingThemes   = []string{"hook", "intro", "brand"}
	closingThemes   = []string{"thanks", "next_show", "farewell"}
	retentionThemes = []string{"pain_point", "skin_type", "scenario", "audience", "season",
		"region"}
	interactionThemes = []string{"comment", "like", "fan", "share"}
	// productHead is the order a product block walks its card in.
	productHead = []string{"positioning", "name", "efficacy", "ingredient", "texture",
		"usage", "scent", "packaging", "category", "efficacy"}
)

// segment is the part of the show the planner is in.
type segment int

const (
	segOpening segment = iota
	segProduct
	segClosing
)

// openingSteps appends to out the lines that open a round of the show.
func (p *Planner) openingSteps(out []step) []step {
	for i := range p.show.Schedule.OpeningLines {
		out = append(out, step{scene: bus.SceneOpening, product: -1,
			themes: []string{openingThemes[i%len(openingThemes)], "hook"}})
	}
	return out
}

// closingSteps appends to out the lines that close a round of the show.
func (p *Planner) closingSteps(out []step) []step {
	for i := range p.show.Schedule.ClosingLines {
		out = append(out, step{scene: bus.SceneClosing, product: -1,
			themes: []string{closingThemes[i%len(closingThemes)], "thanks"}})
	}
	return out
}

// productSteps appends to out one product's block: its card walked theme by theme,
// retention and interaction lines woven in at the schedule's cadence, and a
// welfare preview before the coupon, then price, coupon and urgency. A block
// the schedule gives a lucky bag previews it halfway and opens it at the end.
func (p *Planner) productSteps(out []step, idx int) []step {
	card := &p.show.Products[idx]
	sc := p.show.Schedule
	tail := []string{"price"}
	if card.Coupon != "" {
		tail = append(tail, "welfare_preview", "coupon")
	}
	tail = append(tail, "urgency")
	productTail := len(tail)
	if card.Coupon != "" {
		productTail-- // the welfare preview is a retention line
	}
	headLen := max(sc.ProductLines-productTail, 1)
	themes := make([]string, 0, headLen+len(tail))
	for i := range headLen {
		themes = append(themes, productHead[i%len(productHead)])
	}
	themes = append(themes, tail...)

	said := 0
	luckyBag := sc.LuckyBagEvery > 0 && (idx+1)%sc.LuckyBagEvery == 0
	for i, th := range themes {
		if luckyBag && i == headLen/2 {
			out = append(out, step{scene: bus.SceneRetention, themes: []string{"welfare_preview"},
				product: idx, require: welfareKeywords["lucky_bag"], exclude: luckyBagOpens})
		}
		if th == "welfare_preview" {
			out = append(out, step{scene: bus.SceneRetention, themes: []string{th}, product: idx})
			continue
		}
		out = append(out, step{scene: bus.SceneProduct, themes: []string{th}, product: idx})
		said++
		if said%sc.RetentionEvery == 0 {
			out = append(out, p.rotate(bus.SceneRetention, retentionThemes, &p.retention, idx))
		}
		if said%sc.InteractionEvery == 0 {
			out = append(out,
				p.rotate(bus.SceneInteraction, interactionThemes, &p.interaction, idx))
		}
	}
	if luckyBag {
		out = append(out, step{scene: bus.SceneRetention, themes: []string{"welfare_preview"},
			product: idx, require: luckyBagOpens})
	}
	return out
}

// rotate makes a step of the next theme in a rotation, falling back on the
// rest of the rotation when that theme has nothing to say.
func (p *Planner) rotate(scene string, rotation []string, at *int, idx int) step {
	themes := make([]string, 0, len(rotation))
	for i := range rotation {
		themes = append(themes, rotation[(*at+i)%len(rotation)])
	}
	*at++
	return step{scene: scene, themes: themes, product: idx}
}

// refill appends the next segment of the show to the agenda: opening, each
// product in show order, closing, then round again. An empty agenda is laid
// out again in the array the last refill filled, so a refill allocates little.
func (p *Planner) refill() {
	if len(p.agenda) == 0 {
		p.agenda = p.agendaBuf[:0]
	}
	defer func() { p.agendaBuf = p.agenda }()
	switch p.segment {
	case segOpening:
		p.agenda = p.openingSteps(p.agenda)
		p.segment, p.nextProduct = segProduct, 0
	case segProduct:
		p.agenda = p.productSteps(p.agenda, p.nextProduct)
		p.nextProduct++
		if p.nextProduct >= len(p.show.Products) {
			p.segment = segClosing
		}
	case segClosing:
		p.agenda = p.closingSteps(p.agenda)
		p.segment = segOpening
	}
}

// productCard is the card a step speaks of: its own, or the current one.
func (p *Planner) productCard(st step) *show.ProductCard {
	if st.product >= 0 {
		return &p.show.Products[st.product]
	}
	return &p.show.Products[p.current]
}
