package phrase

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestConditionIndexAgreesWithFits checks, over random libraries and
// queries, that the bitsets admit exactly the phrases Query.Fits admits.
func TestConditionIndexAgreesWithFits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	vocab := []string{"a", "b", "c", "d"}
	some := func() []string {
		var out []string
		for _, v := range vocab {
			if rng.IntN(4) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	one := func() string { return vocab[rng.IntN(len(vocab))] }
	for round := range 50 {
		ps := make([]Phrase, 150)
		for i := range ps {
			ps[i] = Phrase{ID: fmt.Sprint(i), Scene: "product", Lang: "zh", Theme: "price",
				Keywords: some(), Weight: 1, When: Conditions{Category: some(),
					Positioning: some(), Season: some(), Region: some(), TimeOfDay: some(),
					SkinType: some(), PainPoint: some(), Audience: some(),
					MinViewers: rng.IntN(3) * 50, Coupon: rng.IntN(5) == 0}}
		}
		l, err := NewLibrary(ps)
		if err != nil {
			t.Fatal(err)
		}
		x := l.index[indexKey{"product", "zh", "price"}]
		mask, tmp := newBitset(len(ps)), newBitset(len(ps))
		for range 20 {
			q := Query{Scene: "product", Lang: "zh", Theme: "price", Category: one(),
				Positioning: one(), Season: one(), Region: one(), TimeOfDay: one(),
				SkinTypes: some(), PainPoints: some(), Audience: some(),
				HasCoupon: rng.IntN(2) == 0, Viewers: rng.IntN(120)}
			if rng.IntN(3) == 0 {
				q.Require = one()
			}
			if rng.IntN(3) == 0 {
				q.Exclude = one()
			}
			x.match(&q, mask, tmp)
			for i := range ps {
				got := mask[i/64]&(1<<(i%64)) != 0 && q.Viewers >= ps[i].When.MinViewers
				if want := q.Fits(&ps[i]); got != want {
					t.Fatalf("round %d: phrase %d %+v, query %+v: index %v, Fits %v",
						round, i, ps[i].When, q, got, want)
				}
			}
		}
	}
}
