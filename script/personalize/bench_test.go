package personalize

import (
	"context"
	"testing"

	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

func BenchmarkGuardCheck(b *testing.B) {
	g := NewGuard(GuardConfig{Competitors: []string{"兰蔻", "雅诗兰黛", "SK-II"}})
	card := testCard()
	text := "小美来啦！这款精华直播间只要199元，干皮和混合皮的宝宝都能用，晚上洁面后取两三滴。"
	for b.Loop() {
		if err := g.Check(text, card); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStream measures the client side of one streamed, guarded reply
// over loopback: request, SSE decoding, clause splitting and guarding.
func BenchmarkStream(b *testing.B) {
	text := "小美来啦！这款精华直播间只要199元，干皮和混合皮的宝宝都能用，晚上洁面后取两三滴。"
	h := newHarness(b, fakellm.Say(text), nil)
	for b.Loop() {
		r, err := h.llm.Personalize(context.Background(), lineRequest(), testTemplate)
		if err != nil || r.Fallback != "" {
			b.Fatalf("%+v %v", r, err)
		}
	}
}

// BenchmarkGuardClause is the per-clause cost while a reply streams, with
// the card's grounding gathered once per reply.
func BenchmarkGuardClause(b *testing.B) {
	g := NewGuard(GuardConfig{Competitors: []string{"兰蔻", "雅诗兰黛", "SK-II"}})
	gr := newGrounding(testCard(), nil)
	for b.Loop() {
		if err := g.checkClause("这款精华直播间只要199元，", gr, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
