package phrase

import (
	"math/rand/v2"
	"testing"
	"time"
)

func lib(t *testing.T, ps ...Phrase) *Library {
	t.Helper()
	for i := range ps {
		ps[i].ID = ps[i].Text
		if ps[i].Scene == "" {
			ps[i].Scene = "product"
		}
		if ps[i].Lang == "" {
			ps[i].Lang = "zh"
		}
		if ps[i].Weight == 0 {
			ps[i].Weight = 1
		}
	}
	l, err := NewLibrary(ps)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var t0 = time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)

func TestPickConditions(t *testing.T) {
	l := lib(t,
		Phrase{Text: "serum", Theme: "price", When: Conditions{Category: []string{"精华"}}},
		Phrase{Text: "dry", Theme: "price", When: Conditions{SkinType: []string{"干皮"}}},
		Phrase{Text: "crowd", Theme: "price", When: Conditions{MinViewers: 100}},
		Phrase{Text: "winter-north", Theme: "price",
			When: Conditions{Season: []string{"winter"}, Region: []string{"北方"}}},
		Phrase{Text: "coupon", Theme: "price", When: Conditions{Coupon: true}},
		Phrase{Text: "oily", Theme: "price", When: Conditions{PainPoint: []string{"出油"}}},
		Phrase{Text: "mom", Theme: "price", When: Conditions{Audience: []string{"宝妈"}}},
		Phrase{Text: "night", Theme: "price", When: Conditions{TimeOfDay: []string{"night"}}},
		Phrase{Text: "new", Theme: "price", When: Conditions{Positioning: []string{"新品"}}},
		Phrase{Text: "english", Theme: "price", Lang: "en"},
		Phrase{Text: "other-theme", Theme: "coupon"},
	)
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Category: "精华"}, "serum"},
		{Query{SkinTypes: []string{"油皮", "干皮"}}, "dry"},
		{Query{Viewers: 100}, "crowd"},
		{Query{Season: "winter", Region: "北方"}, "winter-north"},
		{Query{HasCoupon: true}, "coupon"},
		{Query{PainPoints: []string{"出油"}}, "oily"},
		{Query{Audience: []string{"宝妈"}}, "mom"},
		{Query{TimeOfDay: "night"}, "night"},
		{Query{Positioning: "新品"}, "new"},
		{Query{Lang: "en"}, "english"},
		{Query{Theme: "coupon"}, "other-theme"},
	}
	for _, tt := range tests {
		q := tt.q
		q.Scene = "product"
		if q.Lang == "" {
			q.Lang = "zh"
		}
		if q.Theme == "" {
			q.Theme = "price"
		}
		p, ok := l.Fork().Pick(q, t0, rand.New(rand.NewPCG(1, 2)))
		if !ok || p.Text != tt.want {
			t.Errorf("Pick(%+v) = %v, %v; want %q", tt.q, p, ok, tt.want)
		}
	}
	if p, ok := l.Pick(Query{Scene: "product", Theme: "price", Lang: "zh",
		Season: "winter"}, t0, rand.New(rand.NewPCG(1, 2))); ok {
		t.Errorf("Pick with half the conditions met = %q, want none", p.Text)
	}
}

func TestPickCooldown(t *testing.T) {
	l := lib(t,
		Phrase{Text: "a", Theme: "price", Cooldown: time.Minute},
		Phrase{Text: "b", Theme: "price", Cooldown: time.Minute},
	)
	rng := rand.New(rand.NewPCG(7, 7))
	q := Query{Scene: "product", Theme: "price", Lang: "zh"}
	first, ok1 := l.Pick(q, t0, rng)
	second, ok2 := l.Pick(q, t0.Add(time.Second), rng)
	if !ok1 || !ok2 || first.Text == second.Text {
		t.Fatalf("picks %v %v: want both lines once", first, second)
	}
	if p, ok := l.Pick(q, t0.Add(30*time.Second), rng); ok {
		t.Fatalf("picked %q while every line rests", p.Text)
	}
	q.IgnoreCooldown = true
	if p, ok := l.Pick(q, t0.Add(30*time.Second), rng); !ok || p.Text != first.Text {
		t.Fatalf("lenient pick = %v, want the longest-rested %q", p, first.Text)
	}
	q.IgnoreCooldown = false
	if _, ok := l.Pick(q, t0.Add(2*time.Minute), rng); !ok {
		t.Fatal("no pick after the cooldown ended")
	}
	if _, ok := l.Fork().Pick(q, t0.Add(30*time.Second), rng); !ok {
		t.Fatal("a fork shares cooldowns with its parent")
	}
}

func TestPickWeightsAndKeywords(t *testing.T) {
	l := lib(t,
		Phrase{Text: "heavy", Theme: "price", Weight: 9},
		Phrase{Text: "light", Theme: "price", Weight: 1},
		Phrase{Text: "tagged", Theme: "coupon", Keywords: []string{"券"}},
		Phrase{Text: "plain", Theme: "coupon"},
	)
	rng := rand.New(rand.NewPCG(3, 4))
	count := map[string]int{}
	for range 2000 {
		p, _ := l.Pick(Query{Scene: "product", Theme: "price", Lang: "zh"}, t0, rng)
		count[p.Text]++
		p, _ = l.Pick(Query{Scene: "product", Theme: "coupon", Lang: "zh",
			Keywords: []string{"券"}}, t0, rng)
		count[p.Text]++
	}
	if count["heavy"] < 1600 || count["heavy"] > 1990 {
		t.Errorf("weight 9 of 10 picked %d of 2000", count["heavy"])
	}
	if count["tagged"] < 1300 || count["tagged"] > 1700 {
		t.Errorf("keyword boost picked tagged %d of 2000, want about 1500", count["tagged"])
	}
}

func TestPickAcceptAndDeterminism(t *testing.T) {
	l := lib(t, Phrase{Text: "a", Theme: "price"}, Phrase{Text: "b", Theme: "price"},
		Phrase{Text: "c", Theme: "price"})
	q := Query{Scene: "product", Theme: "price", Lang: "zh",
		Accept: func(p *Phrase) bool { return p.Text != "a" }}
	var runs [2][]string
	for r := range runs {
		rng, f := rand.New(rand.NewPCG(9, 9)), l.Fork()
		for range 20 {
			p, ok := f.Pick(q, t0, rng)
			if !ok || p.Text == "a" {
				t.Fatalf("pick %v ignored Accept", p)
			}
			runs[r] = append(runs[r], p.Text)
		}
	}
	if len(runs[0]) != len(runs[1]) || fmtList(runs[0]) != fmtList(runs[1]) {
		t.Errorf("same seed gave %v and %v", runs[0], runs[1])
	}
}

func fmtList(s []string) string {
	out := ""
	for _, x := range s {
		out += x + ","
	}
	return out
}

func TestPickRequire(t *testing.T) {
	l := lib(t, Phrase{Text: "bag", Theme: "price", Keywords: []string{"福袋"}, Weight: 1},
		Phrase{Text: "plain", Theme: "price", Weight: 100})
	rng := rand.New(rand.NewPCG(5, 5))
	for range 20 {
		q := Query{Scene: "product", Theme: "price", Lang: "zh", Require: "福袋"}
		if p, ok := l.Fork().Pick(q, t0, rng); !ok || p.Text != "bag" {
			t.Fatalf("Pick requiring 福袋 = %v, %v", p, ok)
		}
	}
}
