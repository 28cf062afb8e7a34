package personalize

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

func TestTemplate(t *testing.T) {
	r, err := Template{}.Personalize(context.Background(), lineRequest(), testTemplate)
	want := Result{Text: testTemplate, By: bus.ByTemplate, Fallback: FallbackDisabled}
	if err != nil || r != want {
		t.Errorf("got %+v, %v, want %+v", r, err, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err = Template{}.Personalize(ctx, lineRequest(), testTemplate)
	if !errors.Is(err, context.Canceled) || r.Fallback != FallbackCanceled {
		t.Errorf("canceled: got %+v, %v", r, err)
	}
}

func TestNewChoosesPersonalizer(t *testing.T) {
	p, err := New(LLMConfig{})
	if _, ok := p.(Template); err != nil || !ok {
		t.Errorf("New without base URL = %T, %v, want Template", p, err)
	}
	_, err = New(LLMConfig{BaseURL: "http://127.0.0.1:1/v1"})
	if !errors.Is(err, ErrNoEndpoint) {
		t.Errorf("New without model: %v, want ErrNoEndpoint", err)
	}
	p, err = New(LLMConfig{BaseURL: "http://127.0.0.1:1/v1", Model: "m",
		Registerer: prometheus.NewRegistry()})
	if _, ok := p.(*LLM); err != nil || !ok {
		t.Errorf("New with endpoint = %T, %v, want *LLM", p, err)
	}
}

// Rooms each build their personalizer on one registry; they share series.
func TestMetricsShared(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, err := NewLLM(LLMConfig{BaseURL: "http://x/v1", Model: "m", Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewLLM(LLMConfig{BaseURL: "http://x/v1", Model: "m", Registerer: reg})
	if err != nil {
		t.Fatalf("second personalizer on one registry: %v", err)
	}
	a.metrics.requests.WithLabelValues("ok").Inc()
	b.metrics.requests.WithLabelValues("ok").Inc()
	if got := counterValue(t, a.metrics.requests, "ok"); got != 2 {
		t.Errorf("shared requests{ok} = %v, want 2", got)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range families {
		names[f.GetName()] = true
	}
	if !names["zhubo_llm_requests_total"] {
		t.Errorf("gathered %v, want zhubo_llm_requests_total", names)
	}
}

// TestNoGoroutineLeak streams replies of every ending and checks that the
// goroutines they started are gone once the server and client are closed.
func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		h := newHarness(t, fakellm.Sequence(
			fakellm.Reply{Chunks: []string{"宝宝们好。"}},
			fakellm.Reply{Chunks: []string{"宝宝"}, CutAfter: 1},
			fakellm.Reply{Chunks: []string{"宝宝们好。"}, FirstDelay: time.Minute},
		), func(c *LLMConfig) { c.FirstToken = 50 * time.Millisecond })
		for range 3 {
			if _, err := h.llm.Personalize(context.Background(), lineRequest(),
				testTemplate); err != nil {
				t.Fatal(err)
			}
		}
		h.srv.Close()
		h.llm.cfg.HTTPClient.CloseIdleConnections()
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before,
				buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
	}
}
