package personalize

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// LLM timing defaults.
const (
	DefaultFirstToken = 1500 * time.Millisecond
	DefaultTotal      = 6 * time.Second
)

// LLMConfig configures the LLM personalizer.
type LLMConfig struct {
	// BaseURL is the OpenAI-compatible API root, e.g. https://api.openai.com/v1.
	BaseURL string
	Model   string
	APIKey  string
	// FirstToken is how long to wait for the first token; 0 uses
	// DefaultFirstToken.
	FirstToken time.Duration
	// Total is how long a whole reply may take; 0 uses DefaultTotal.
	Total time.Duration
	// MaxChars is the longest reply in characters; 0 takes the guard's.
	MaxChars int
	// Temperature is the sampling temperature; 0 leaves the server's default.
	Temperature float32
	Breaker     BreakerConfig
	// Guard checks every reply; nil uses NewGuard(GuardConfig{MaxChars: MaxChars}).
	Guard *Guard
	// Registerer takes the metrics; nil uses prometheus.DefaultRegisterer.
	Registerer prometheus.Registerer
	Logger     *slog.Logger
	// HTTPClient carries the requests; nil uses a client of its own.
	HTTPClient *http.Client
	// Now is the breaker's clock; nil uses time.Now.
	Now func() time.Time
}

// LLM personalizes lines and answers with an OpenAI-compatible chat model,
// streaming, guarded, with timeouts and a circuit breaker. It is safe for
// concurrent use.
type LLM struct {
	cfg     LLMConfig
	client  *openai.Client
	guard   *Guard
	breaker *breaker
	metrics *metrics
	log     *slog.Logger
}

// NewLLM checks cfg, fills its defaults and registers the metrics.
func NewLLM(cfg LLMConfig) (*LLM, error) {
	if strings.TrimSpace(cfg.BaseURL) == "" || strings.TrimSpace(cfg.Model) == "" {
		return nil, fmt.Errorf("new llm: %w: set llm.base_url and llm.model", ErrNoEndpoint)
	}
	if cfg.FirstToken <= 0 {
		cfg.FirstToken = DefaultFirstToken
	}
	if cfg.Total <= 0 {
		cfg.Total = DefaultTotal
	}
	if cfg.Guard == nil {
		cfg.Guard = NewGuard(GuardConfig{MaxChars: cfg.MaxChars})
	}
	if cfg.MaxChars <= 0 || cfg.MaxChars > cfg.Guard.MaxChars() {
		cfg.MaxChars = cfg.Guard.MaxChars()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, fmt.Errorf("new llm: %w", err)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	return &LLM{
		cfg:     cfg,
		client:  openai.NewClientWithConfig(oc),
		guard:   cfg.Guard,
		breaker: newBreaker(cfg.Breaker, cfg.Now),
		metrics: m,
		log:     cfg.Logger.With("component", "llm", "model", cfg.Model),
	}, nil
}

// Healthy reports whether the circuit breaker lets requests through, for
// /healthz.
func (l *LLM) Healthy() bool { return !l.breaker.isOpen() }

// Personalize returns the LLM's whole reply when it streamed completely and
// passed the guard, and the template otherwise: nothing is spoken before the
// reply is complete, so the choice is all or nothing. A canceled ctx returns
// the template with Fallback "canceled" and ctx's error.
func (l *LLM) Personalize(ctx context.Context, req Request, template string) (Result, error) {
	r, err := l.Stream(ctx, req, template, nil)
	if r.By == bus.ByLLM && r.Fallback != "" || err != nil {
		return Result{Text: template, By: bus.ByTemplate, Fallback: r.Fallback}, err
	}
	return r, nil
}

// request builds the chat completion request for req.
func (l *LLM) request(req Request, template string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: l.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt(req, l.cfg.MaxChars)},
			{Role: openai.ChatMessageRoleUser, Content: userPrompt(req, template)},
		},
		// Chinese runs one to two tokens a character; the guard cuts the rest.
		MaxCompletionTokens: 2*l.cfg.MaxChars + 32,
		Temperature:         l.cfg.Temperature,
		Stream:              true,
		StreamOptions:       &openai.StreamOptions{IncludeUsage: true},
	}
}
