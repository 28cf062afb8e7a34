package personalize

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"

	openai "github.com/sashabaranov/go-openai"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// errTruncated marks a stream that ended without a finish reason: the
// connection closed before the model said it was done.
var errTruncated = errors.New("stream ended without finish reason")

// errFinishLength marks a reply the server cut at the token limit.
var errFinishLength = errors.New("finish reason length: reply cut at the token limit")

// Stream asks the model for req and calls clause with each finished clause
// of its reply as soon as the clause has passed the guard, so speech can
// start before the reply is complete. clause may be nil.
//
// What reaches clause, in order, and what Result says:
//   - The reply streams, every clause passes: each clause is delivered once;
//     Result{Text: their concatenation, By: "llm", Fallback: ""}.
//   - Nothing was delivered yet when the reply fails (timeout, HTTP error,
//     malformed stream, open circuit, a clause the guard refuses, an empty
//     reply): clause receives template, whole, once;
//     Result{Text: template, By: "template", Fallback: reason}.
//   - Some clauses were delivered when a later one fails: what was said
//     stands and nothing more is said — the template would repeat the line
//     from its start; Result{Text: the delivered clauses, By: "llm",
//     Fallback: reason}. Text unfinished when the stream ends other than
//     with finish reason "stop" is never delivered.
//   - ctx is canceled (a skip): nothing more is delivered; Result{Text: what
//     was delivered, Fallback: "canceled"} and ctx's error. This is the
//     only error Stream returns.
//
// Clauses end at sentence punctuation, or at a comma once long enough; see
// clauseSplitter. Result.Text always equals the concatenation of the
// strings clause received.
func (l *LLM) Stream(ctx context.Context, req Request, template string,
	clause func(string)) (Result, error) {
	return l.stream(ctx, req, template, clause, true)
}

// StreamClauses is Stream for a caller that speaks the template itself:
// clause receives only the LLM's guarded clauses, never the template. When
// the reply fails before its first clause, clause is not called at all and
// Result is the template, By "template", with the Fallback reason.
func (l *LLM) StreamClauses(ctx context.Context, req Request, template string,
	clause func(string)) (Result, error) {
	return l.stream(ctx, req, template, clause, false)
}

func (l *LLM) stream(ctx context.Context, req Request, template string,
	clause func(string), sayTemplate bool) (Result, error) {
	if clause == nil {
		clause = func(string) {}
	}
	rp := &reply{l: l, req: req, template: template, clause: clause,
		lang: orDefault(req.Line.Lang, l.guard.lang), sayTemplate: sayTemplate}
	extra := newNumberSet()
	extra.addText(template, "")
	if req.Count > 0 {
		extra.add("", float64(req.Count))
	}
	rp.ground = newGrounding(req.Product, extra)
	if err := ctx.Err(); err != nil {
		return rp.finish(outcome{reason: FallbackCanceled, err: err})
	}
	if !l.breaker.allow() {
		return rp.finish(outcome{reason: FallbackCircuitOpen, cause: ErrCircuitOpen})
	}
	o := rp.run(ctx)
	opened, closed := l.breaker.done(o.healthy(), o.reason != FallbackCanceled)
	if opened {
		l.log.Warn("llm circuit opened; speaking templates", "cause", o.cause,
			"cooldown", l.breaker.cfg.Cooldown)
	}
	if closed {
		l.log.Info("llm circuit closed")
	}
	return rp.finish(o)
}

// outcome is how one request ended: reason is "" for success or the
// Fallback reason; err is returned to the caller (canceled only); cause is
// for logs.
type outcome struct {
	reason string
	err    error
	cause  error
}

// healthy reports whether the endpoint did its job, whatever the guard
// thought of the text.
func (o outcome) healthy() bool {
	return o.reason == "" || strings.HasPrefix(o.reason, fallbackGuardPrefix)
}

// reply is the state of one streamed request.
type reply struct {
	l        *LLM
	req      Request
	template string
	clause   func(string)
	// sayTemplate: a reply that fails before its first clause delivers the
	// template to clause.
	sayTemplate bool
	lang        string
	ground      grounding
	split       clauseSplitter
	spoken      strings.Builder
	finished    openai.FinishReason
	start       time.Time
	first       bool
	usage       bool
	chunks      int
}

// run streams the reply, speaking clauses as they pass the guard.
func (rp *reply) run(ctx context.Context) outcome {
	l := rp.l
	rp.start = time.Now()
	total, cancelTotal := context.WithTimeoutCause(ctx, l.cfg.Total, ErrTotalTimeout)
	defer cancelTotal()
	sctx, cancel := context.WithCancelCause(total)
	defer cancel(nil)
	timer := time.AfterFunc(l.cfg.FirstToken, func() { cancel(ErrFirstTokenTimeout) })
	defer timer.Stop()

	stream, err := l.client.CreateChatCompletionStream(sctx, l.request(rp.req, rp.template))
	if err != nil {
		return failure(ctx, sctx, err)
	}
	defer stream.Close()
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return rp.ended()
		}
		if err != nil {
			return failure(ctx, sctx, err)
		}
		if o, stop := rp.take(resp, timer); stop {
			return o
		}
	}
}

// take handles one chunk; stop reports that the reply is refused.
func (rp *reply) take(resp openai.ChatCompletionStreamResponse, timer *time.Timer) (outcome, bool) {
	if u := resp.Usage; u != nil {
		rp.usage = true
		rp.l.metrics.tokens.WithLabelValues("prompt").Add(float64(u.PromptTokens))
		rp.l.metrics.tokens.WithLabelValues("completion").Add(float64(u.CompletionTokens))
	}
	for _, ch := range resp.Choices {
		if ch.Index != 0 {
			continue
		}
		if ch.FinishReason != "" {
			rp.finished = ch.FinishReason
		}
		if ch.Delta.Content == "" {
			continue
		}
		rp.chunks++
		if !rp.first {
			rp.first = true
			timer.Stop()
			rp.l.metrics.latency.WithLabelValues("first_token").
				Observe(time.Since(rp.start).Seconds())
		}
		for _, c := range rp.split.push(ch.Delta.Content) {
			if v := rp.speak(c); v != nil {
				return outcome{reason: GuardFallback(v.Rule), cause: v}, true
			}
		}
	}
	return outcome{}, false
}

// ended finishes a stream that reached its end.
func (rp *reply) ended() outcome {
	switch rp.finished {
	case openai.FinishReasonStop:
		if v := rp.speak(rp.split.flush()); v != nil {
			return outcome{reason: GuardFallback(v.Rule), cause: v}
		}
	case openai.FinishReasonLength:
		return outcome{reason: GuardFallback(RuleTooLong), cause: errFinishLength}
	case "":
		return outcome{reason: FallbackError, cause: errTruncated}
	default:
		return outcome{reason: FallbackError, cause: fmt.Errorf("finish reason %q", rp.finished)}
	}
	if rp.spoken.Len() == 0 {
		return outcome{reason: GuardFallback(RuleEmpty), cause: &Violation{Rule: RuleEmpty}}
	}
	rp.l.metrics.latency.WithLabelValues("total").Observe(time.Since(rp.start).Seconds())
	return outcome{}
}

// speak guards one clause and delivers it; it returns the violation that
// stops the reply.
func (rp *reply) speak(c string) *Violation {
	c = stripMarkup(c)
	if rp.spoken.Len() == 0 {
		c = strings.TrimLeftFunc(c, unicode.IsSpace)
	}
	if !hasWords(c) {
		return nil
	}
	if n := spokenLen(rp.spoken.String() + c); n > rp.l.cfg.MaxChars {
		return &Violation{Rule: RuleTooLong, Detail: c}
	}
	err := rp.l.guard.checkClause(c, rp.ground, rp.lang)
	var v *Violation
	if errors.As(err, &v) {
		return v
	}
	rp.clause(c)
	rp.spoken.WriteString(c)
	return nil
}

// failure names the fallback reason for a failed request.
func failure(ctx, sctx context.Context, err error) outcome {
	if ctx.Err() != nil {
		return outcome{reason: FallbackCanceled, err: ctx.Err(), cause: err}
	}
	switch cause := context.Cause(sctx); {
	case errors.Is(cause, ErrFirstTokenTimeout):
		return outcome{reason: FallbackFirstToken, cause: cause}
	case errors.Is(cause, ErrTotalTimeout):
		return outcome{reason: FallbackTotal, cause: cause}
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode >= http.StatusInternalServerError,
		errors.As(err, &reqErr) && reqErr.HTTPStatusCode >= http.StatusInternalServerError:
		return outcome{reason: FallbackHTTP5xx, cause: err}
	case errors.As(err, &syntax), errors.As(err, &typ),
		errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		return outcome{reason: FallbackMalformed, cause: errors.Join(ErrMalformed, err)}
	}
	return outcome{reason: FallbackError, cause: err}
}

// finish turns the outcome into the Result, delivering the template when
// nothing was said, and counts and logs it.
func (rp *reply) finish(o outcome) (Result, error) {
	spoken := rp.spoken.String()
	var r Result
	switch {
	case o.reason == "":
		r = Result{Text: spoken, By: bus.ByLLM}
	case spoken != "":
		r = Result{Text: spoken, By: bus.ByLLM, Fallback: o.reason}
	case o.reason == FallbackCanceled:
		r = Result{By: bus.ByTemplate, Fallback: o.reason}
	default:
		if rp.template != "" && rp.sayTemplate {
			rp.clause(rp.template)
		}
		r = Result{Text: rp.template, By: bus.ByTemplate, Fallback: o.reason}
	}
	rp.record(o)
	return r, o.err
}

// record counts the outcome and logs a fallback.
func (rp *reply) record(o outcome) {
	m := rp.l.metrics
	if !rp.usage && rp.chunks > 0 {
		// Without usage from the server, one content chunk is about one token.
		m.tokens.WithLabelValues("completion").Add(float64(rp.chunks))
	}
	switch {
	case o.reason == "":
		m.requests.WithLabelValues("ok").Inc()
		return
	case o.reason == FallbackCanceled:
		m.requests.WithLabelValues("canceled").Inc()
	default:
		m.requests.WithLabelValues("fallback").Inc()
	}
	m.fallbacks.WithLabelValues(o.reason).Inc()
	if rule, ok := strings.CutPrefix(o.reason, fallbackGuardPrefix); ok {
		m.replacements.WithLabelValues(rule).Inc()
	}
	log := rp.l.log.With("kind", rp.req.Kind, "reason", o.reason, "spoken", rp.spoken.Len() > 0)
	switch o.reason {
	case FallbackCanceled, FallbackCircuitOpen:
		log.Debug("llm reply not used", "cause", o.cause)
	default:
		log.Warn("llm reply replaced by template", "cause", o.cause)
	}
}
