// Package personalize turns a planned line or a viewer's question into the
// text the host speaks: by default the template line as the planner filled it,
// and, when an OpenAI-compatible LLM is configured, a rewrite or an answer in
// the persona's voice, grounded on the product card and passed through a
// compliance guard. Whenever the LLM is slow, failing or says something the
// guard refuses, the template line is spoken instead.
package personalize

import (
	"context"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

// Kinds of request.
const (
	// KindLine asks for a rewrite of a planned script line.
	KindLine = "line"
	// KindAnswer asks for an answer to a viewer's question or a merged burst.
	KindAnswer = "answer"
)

// Fallback reasons: why the template line was used instead of the LLM's.
// A guard refusal is "guard:" followed by the Rule.
const (
	FallbackDisabled    = "disabled"
	FallbackFirstToken  = "timeout_first_token"
	FallbackTotal       = "timeout_total"
	FallbackHTTP5xx     = "http_5xx"
	FallbackError       = "error"
	FallbackMalformed   = "malformed"
	FallbackCircuitOpen = "circuit_open"
	FallbackCanceled    = "canceled"
	fallbackGuardPrefix = "guard:"
)

// GuardFallback is the Fallback reason for a text the guard refused by rule.
func GuardFallback(rule Rule) string { return fallbackGuardPrefix + string(rule) }

// Request is what the host is about to say and the context to say it in.
// Everything that came from viewers (Viewer, Question, RecentChat) is data
// for the prompt, never instructions to the model.
type Request struct {
	// Kind is KindLine or KindAnswer.
	Kind string
	// Line is the planned line: its Text is the template, Lang, Scene and
	// Theme steer the rewrite. For answers it is the planner's reply line.
	Line planner.Line
	// Product grounds the text: the only source of facts. May be nil.
	Product *show.ProductCard
	// Persona is the host's voice.
	Persona show.Persona
	// Viewer is the viewer addressed; may be empty.
	Viewer string
	// Question is the viewer's comment for KindAnswer.
	Question string
	// Intent is the bus intent of the question (bus.IntentPrice …).
	Intent string
	// Count is how many comments a merged burst holds; 0 or 1 for one.
	Count int
	// RecentChat holds recent comments, oldest first.
	RecentChat []string
}

// Result is the text to speak and who wrote it.
type Result struct {
	Text string
	// By is bus.ByLLM or bus.ByTemplate.
	By string
	// Fallback says why the template was used, or why an LLM reply was cut
	// short; empty when the LLM's whole reply is spoken.
	Fallback string
}

// Personalizer turns a request into the text to speak. template is the
// template-filled line to fall back to. The only error returned is the
// context's, when the caller canceled the request (a skip); every other
// failure is a fallback to the template, reported in Result.Fallback.
type Personalizer interface {
	Personalize(ctx context.Context, req Request, template string) (Result, error)
}

// ClauseStreamer is a Personalizer that can hand over its text clause by
// clause while it is written, so the voice starts before the reply is done.
// StreamClauses calls clause with each guarded clause in order and returns
// what Personalize would, except that text already delivered stands: see
// LLM.StreamClauses. When it fails before the first clause, clause is never
// called and the Result is the template.
type ClauseStreamer interface {
	Personalizer
	StreamClauses(ctx context.Context, req Request, template string,
		clause func(string)) (Result, error)
}

// New returns the LLM personalizer when cfg names an endpoint, and the
// Template personalizer when cfg.BaseURL is empty.
func New(cfg LLMConfig) (Personalizer, error) {
	if cfg.BaseURL == "" {
		return Template{}, nil
	}
	return NewLLM(cfg)
}

// Template is the default personalizer: it speaks the template line as the
// planner filled it.
type Template struct{}

// Personalize returns template unchanged, by the template, with Fallback
// "disabled"; a canceled ctx gives Fallback "canceled" and ctx's error.
func (Template) Personalize(ctx context.Context, _ Request, template string) (Result, error) {
	r := Result{Text: template, By: bus.ByTemplate, Fallback: FallbackDisabled}
	if err := ctx.Err(); err != nil {
		r.Fallback = FallbackCanceled
		return r, err
	}
	return r, nil
}
