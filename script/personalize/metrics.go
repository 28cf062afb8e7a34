package personalize

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the personalizer's Prometheus series. Several LLM
// personalizers (one per room) registered on one registry share them.
type metrics struct {
	requests     *prometheus.CounterVec
	fallbacks    *prometheus.CounterVec
	tokens       *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	replacements *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	if reg == nil {
		reg = prometheus.DefaultRegisterer
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhubo_llm_requests_total",
			Help: "LLM personalization requests by result: ok, fallback, canceled.",
		}, []string{"result"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhubo_llm_fallbacks_total",
			Help: "Requests answered (wholly or partly) by the template, by reason.",
		}, []string{"reason"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhubo_llm_tokens_total",
			Help: "LLM tokens by kind: prompt, completion.",
		}, []string{"kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "zhubo_llm_latency_seconds",
			Help:    "LLM latency by stage: first_token, total.",
			Buckets: []float64{.1, .25, .5, .75, 1, 1.5, 2, 3, 4, 6, 10},
		}, []string{"stage"}),
		replacements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhubo_guard_replacements_total",
			Help: "LLM texts the compliance guard replaced by the template, by rule.",
		}, []string{"reason"}),
	}
	var err error
	m.requests, err = register(reg, m.requests)
	if err == nil {
		m.fallbacks, err = register(reg, m.fallbacks)
	}
	if err == nil {
		m.tokens, err = register(reg, m.tokens)
	}
	if err == nil {
		m.latency, err = register(reg, m.latency)
	}
	if err == nil {
		m.replacements, err = register(reg, m.replacements)
	}
	return m, err
}

// register registers c, or returns the collector already registered under
// its name, so every room's personalizer feeds the same series.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	if err != nil {
		return c, fmt.Errorf("register llm metrics: %w", err)
	}
	return c, nil
}
