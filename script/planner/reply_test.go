package planner

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/show"
)

// cardFacts lists, per question intent, the card facts an answer may carry;
// an answer must carry at least one.
func cardFacts(c *show.ProductCard, intent string) []string {
	switch intent {
	case bus.IntentPrice:
		return []string{c.PriceText()}
	case bus.IntentSuitability:
		return c.SuitableSkin
	case bus.IntentUsage:
		return []string{c.Usage}
	case bus.IntentIngredients:
		return c.Ingredients
	case bus.IntentEfficacy:
		return c.Efficacy
	case bus.IntentSpec:
		return []string{c.Spec}
	case bus.IntentStock:
		return []string{strconv.Itoa(c.Stock)}
	case bus.IntentShipping:
		return []string{c.Shipping, c.AfterSales}
	}
	return nil
}

var questionIntents = []string{bus.IntentPrice, bus.IntentSuitability, bus.IntentUsage,
	bus.IntentIngredients, bus.IntentEfficacy, bus.IntentSpec, bus.IntentStock,
	bus.IntentShipping}

func TestReplyAnswersFromCurrentCard(t *testing.T) {
	p := newDemo(t, 5)
	for _, product := range []string{"night-serum", "calming-cream", "clay-mask"} {
		if _, err := p.Cue(bus.Cue{Type: bus.CueSwitchProduct,
			Args: map[string]string{"product": product}}, t0); err != nil {
			t.Fatal(err)
		}
		card := p.CurrentProduct()
		if card.ID != product {
			t.Fatalf("current product %s after switching to %s", card.ID, product)
		}
		// Several rounds, so every answer line of each theme gets its turn.
		for round := range 12 {
			for _, intent := range questionIntents {
				in := ReplyRequest{Intent: intent, Viewer: "小美", EventIDs: []string{"e-1"}}
				line, ok := p.Reply(in, t0.Add(timeStep(round)))
				if !ok {
					t.Fatalf("%s %s: no reply", product, intent)
				}
				if !strings.Contains(line.Text, "小美") {
					t.Errorf("%s %s: %q does not address the viewer", product, intent, line.Text)
				}
				facts := cardFacts(card, intent)
				said := func(f string) bool { return strings.Contains(line.Text, f) }
				if !slices.ContainsFunc(facts, said) {
					t.Errorf("%s %s: %q states none of %v", product, intent, line.Text, facts)
				}
				if line.Source != bus.SourceReply || line.Scene != bus.SceneReply ||
					line.Theme != intent || line.Product != product ||
					!slices.Equal(line.ReplyTo, []string{"e-1"}) {
					t.Errorf("%s %s: bad tags %+v", product, intent, line)
				}
			}
		}
	}
}

func TestReplySuitabilityWarnsUnsuitableSkin(t *testing.T) {
	p := newDemo(t, 2)
	// The demo's serum is not for sensitive skin.
	for i := range 6 {
		line, ok := p.Reply(ReplyRequest{Intent: bus.IntentSuitability, Viewer: "阿敏",
			Text: "敏感肌能用吗"}, t0.Add(timeStep(i)))
		if !ok || !strings.Contains(line.Text, "敏感肌") {
			t.Fatalf("answer %q ignores the unsuitable skin type asked about", line.Text)
		}
	}
}

// TestReplySpecAnswersWhatWasAsked checks that a question about how the
// product smells or feels is answered with the card's scent or texture, and
// a question about size with its spec and neither of those.
func TestReplySpecAnswersWhatWasAsked(t *testing.T) {
	p := newDemo(t, 4)
	card := p.CurrentProduct()
	tests := []struct {
		text       string
		want       string
		notWanting []string
	}{
		{"闻起来什么味道", card.Scent, []string{card.Texture}},
		{"质地黏不黏", card.Texture, []string{card.Scent}},
		{"面霜是多大罐的", card.Spec, []string{card.Scent, card.Texture}},
	}
	for _, tt := range tests {
		for round, count := range []int{1, 1, 1, 4, 1, 4} {
			in := ReplyRequest{Intent: bus.IntentSpec, Viewer: "小雨", Text: tt.text, Count: count}
			line, ok := p.Reply(in, t0.Add(timeStep(round)))
			if !ok || !strings.Contains(line.Text, tt.want) {
				t.Fatalf("%q (%d asking): answer %q lacks %q", tt.text, count, line.Text, tt.want)
			}
			for _, w := range tt.notWanting {
				if strings.Contains(line.Text, w) {
					t.Errorf("%q: answer %q speaks of %q, which was not asked", tt.text, line.Text, w)
				}
			}
		}
	}
}

func TestReplyOtherIntents(t *testing.T) {
	p := newDemo(t, 3)
	tests := []struct {
		in        ReplyRequest
		wantTheme string
		wantText  string
	}{
		{ReplyRequest{Intent: bus.IntentPurchase, Viewer: "小李", Count: 12},
			"purchase.burst", "12"},
		{ReplyRequest{Intent: bus.IntentPurchase, Viewer: "小李", Count: 1}, "purchase", "小李"},
		{ReplyRequest{Intent: bus.IntentGreeting, Viewer: "阿花"}, "greeting", "阿花"},
		{ReplyRequest{Intent: bus.IntentPraise, Viewer: "阿花"}, "praise", "阿花"},
		{ReplyRequest{Intent: bus.IntentComplaint, Viewer: "老王"}, "complaint", "老王"},
		{ReplyRequest{Intent: bus.IntentOther, Viewer: "老王"}, "other", "老王"},
		{ReplyRequest{Intent: "question.weather", Viewer: "路人"}, "other", "路人"},
		{ReplyRequest{Intent: bus.IntentGreeting}, "greeting", "这位宝宝"},
	}
	for _, tt := range tests {
		line, ok := p.Reply(tt.in, t0)
		if !ok || line.Theme != tt.wantTheme || !strings.Contains(line.Text, tt.wantText) {
			t.Errorf("Reply(%+v) = %+v, %v; want theme %s with %q",
				tt.in, line, ok, tt.wantTheme, tt.wantText)
		}
	}
	if line, ok := p.Reply(ReplyRequest{Intent: bus.IntentSpam, Viewer: "x"}, t0); ok {
		t.Errorf("spam answered: %q", line.Text)
	}
}

// TestManyAskersGetOneAnswerForAll checks that a question many viewers asked
// is answered with a line for the many, grounded on the card like any answer,
// and that a single asker never gets one of those lines.
func TestManyAskersGetOneAnswerForAll(t *testing.T) {
	byID := map[string][]string{}
	_, lib := loadDemo(t)
	for _, ph := range lib.Phrases() {
		byID[ph.ID] = ph.Keywords
	}
	for _, lang := range []string{"zh", "en"} {
		s, lib := loadDemo(t)
		p, err := New(s, lib, Config{Seed: 9, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		card := p.CurrentProduct()
		for i, intent := range questionIntents {
			now := t0.Add(timeStep(i))
			many, ok := p.Reply(ReplyRequest{Intent: intent, Viewer: "小美", Count: 7,
				EventIDs: []string{"e-1", "e-2"}}, now)
			if !ok || !slices.Contains(byID[many.Phrase], manyAskers) {
				t.Errorf("%s %s asked by 7: %q (%s), want a line for many askers", lang,
					intent, many.Text, many.Phrase)
			}
			if lang == "zh" && !slices.ContainsFunc(cardFacts(card, intent),
				func(f string) bool { return f != "" && strings.Contains(many.Text, f) }) {
				t.Errorf("%s answer for many %q carries none of the card's facts", intent,
					many.Text)
			}
			if !slices.Equal(many.ReplyTo, []string{"e-1", "e-2"}) {
				t.Errorf("%s answer for many replies to %v, want both askers", intent,
					many.ReplyTo)
			}
			for range 5 {
				one, ok := p.Reply(ReplyRequest{Intent: intent, Viewer: "小美", Count: 1}, now)
				if !ok || slices.Contains(byID[one.Phrase], manyAskers) {
					t.Errorf("%s %s asked by one: %q, want a line for one viewer", lang,
						intent, one.Text)
				}
			}
		}
	}
}
