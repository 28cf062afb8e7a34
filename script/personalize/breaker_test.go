package personalize

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

func TestBreakerOpensAndRecovers(t *testing.T) {
	fail := fakellm.Fixed(fakellm.Reply{Status: http.StatusInternalServerError})
	h := newHarness(t, fail, func(c *LLMConfig) {
		c.Breaker = BreakerConfig{Failures: 3, Cooldown: time.Minute}
	})
	ask := func() Result {
		t.Helper()
		r, err := h.llm.Personalize(context.Background(), lineRequest(), testTemplate)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for i := range 3 {
		if r := ask(); r.Fallback != FallbackHTTP5xx {
			t.Fatalf("request %d: Fallback = %q, want http_5xx", i, r.Fallback)
		}
	}
	if h.llm.Healthy() {
		t.Error("Healthy after 3 failures, want the circuit open")
	}
	if r := ask(); r.Fallback != FallbackCircuitOpen {
		t.Errorf("open circuit: Fallback = %q, want circuit_open", r.Fallback)
	}
	if n := len(h.srv.Requests()); n != 3 {
		t.Errorf("endpoint got %d requests, want 3: an open circuit sends none", n)
	}

	// Still failing after the cool-down: one probe, and open again.
	h.now.Advance(time.Minute)
	if r := ask(); r.Fallback != FallbackHTTP5xx {
		t.Errorf("failed probe: Fallback = %q, want http_5xx", r.Fallback)
	}
	if r := ask(); r.Fallback != FallbackCircuitOpen {
		t.Errorf("after failed probe: Fallback = %q, want circuit_open", r.Fallback)
	}

	// Healthy again: the probe closes the circuit.
	h.srv.SetScript(fakellm.Say("宝宝们，这款精华干皮混合皮都能用。"))
	h.now.Advance(time.Minute)
	if r := ask(); r.Fallback != "" {
		t.Errorf("healthy probe: Fallback = %q, want none", r.Fallback)
	}
	if r := ask(); r.Fallback != "" || !h.llm.Healthy() {
		t.Errorf("after recovery: Fallback = %q, healthy %v", r.Fallback, h.llm.Healthy())
	}
}

func TestBreakerGuardIsNotAFailure(t *testing.T) {
	h := newHarness(t, fakellm.Say("这是全网最好的精华。"), func(c *LLMConfig) {
		c.Breaker = BreakerConfig{Failures: 1}
	})
	for range 3 {
		r, err := h.llm.Personalize(context.Background(), lineRequest(), testTemplate)
		if err != nil {
			t.Fatal(err)
		}
		if r.Fallback != GuardFallback(RuleForbidden) {
			t.Fatalf("Fallback = %q, want guard:forbidden", r.Fallback)
		}
	}
	if !h.llm.Healthy() {
		t.Error("guard refusals opened the circuit; the endpoint is healthy")
	}
}

func TestBreakerHalfOpenLetsOneProbe(t *testing.T) {
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	b := newBreaker(BreakerConfig{Failures: 1, Cooldown: time.Second}, clock)
	if !b.allow() {
		t.Fatal("closed breaker refused")
	}
	if opened, _ := b.done(false, true); !opened {
		t.Fatal("failure did not open a 1-failure breaker")
	}
	now = now.Add(time.Second)
	if !b.allow() {
		t.Fatal("no probe after the cool-down")
	}
	if b.allow() {
		t.Error("a second request went through while the probe is in flight")
	}
	b.done(false, false) // probe canceled: neither healthy nor failed
	if !b.allow() {
		t.Error("no new probe after a canceled one")
	}
	if _, closed := b.done(true, true); !closed {
		t.Error("a healthy probe did not close the circuit")
	}
}
