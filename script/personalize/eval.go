package personalize

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// EvalResult is how a personalizer did on one case.
type EvalResult struct {
	Case    string
	Result  Result
	Latency time.Duration
	// GuardErr is why the output breaks the guard; empty when it passes.
	GuardErr string
	// Grounded: every factual number in the output is on the card.
	Grounded bool
	// KeepsIntent: the output mentions one of the case's ExpectAny words;
	// true when the case lists none.
	KeepsIntent bool
	// LengthOK: the output is within the guard's MaxChars.
	LengthOK bool
	// Forbidden: the guard finds a term it forbids (advertising law, medical
	// claims, competitors, contact details).
	Forbidden bool
	// Unanswered: the card answers the question but the output promises to
	// follow up instead.
	Unanswered bool
	// Invented is a number or ingredient the output states that the card
	// does not; empty when none.
	Invented string
	Err      error
}

// EvalReport scores a personalizer over a case set. Rates are 0 to 1.
type EvalReport struct {
	Cases        int
	GuardPass    float64
	Grounded     float64
	KeepsIntent  float64
	LengthOK     float64
	ByLLM        float64
	FallbackRate float64
	// Fallbacks counts the fallback reasons other than "disabled".
	Fallbacks map[string]int
	// ForbiddenRate is the share of outputs with a forbidden term.
	ForbiddenRate float64
	// NumberMismatches counts outputs stating a number not on the card.
	NumberMismatches int
	// Answerable counts the questions the card answers; Unanswered those
	// of them whose output promises a follow-up instead.
	Answerable, Unanswered int
	// Invented counts outputs stating a number or ingredient not on the card.
	Invented int
	// MeanChars and MaxChars are the outputs' spoken lengths.
	MeanChars float64
	MaxChars  int
	// Diversity is the share of distinct character bigrams over all outputs.
	Diversity  float64
	LatencyP50 time.Duration
	LatencyP95 time.Duration
	LatencyP99 time.Duration
	Results    []EvalResult
}

// Eval runs every case through p, one after another, and scores the text
// that would be spoken with a default guard that knows the case's
// competitors.
func Eval(ctx context.Context, p Personalizer, cases []EvalCase) EvalReport {
	rep := EvalReport{Cases: len(cases), Fallbacks: map[string]int{}}
	var latencies []time.Duration
	var chars int
	var texts []string
	for _, c := range cases {
		if ctx.Err() != nil {
			break
		}
		g := NewGuard(GuardConfig{Competitors: c.Competitors, Lang: c.Persona.Lang})
		res := evalOne(ctx, p, g, c)
		rep.Results = append(rep.Results, res)
		latencies = append(latencies, res.Latency)
		texts = append(texts, res.Result.Text)
		chars += spokenLen(res.Result.Text)
		rep.MaxChars = max(rep.MaxChars, spokenLen(res.Result.Text))
		rep.Answerable += int(b2f(c.Answerable))
		if f := res.Result.Fallback; f != "" && f != FallbackDisabled {
			rep.Fallbacks[f]++
		}
	}
	rep.score(chars)
	rep.Diversity = bigramDiversity(texts)
	rep.LatencyP50, rep.LatencyP95 = percentile(latencies, 50), percentile(latencies, 95)
	rep.LatencyP99 = percentile(latencies, 99)
	return rep
}

func evalOne(ctx context.Context, p Personalizer, g *Guard, c EvalCase) EvalResult {
	start := time.Now()
	r, err := p.Personalize(ctx, c.Request(), c.Template)
	res := EvalResult{Case: c.Name, Result: r, Latency: time.Since(start), Err: err}
	lang := orDefault(c.Persona.Lang, "zh")
	count := newNumberSet()
	count.add("", float64(c.Count))
	if gerr := g.check(r.Text, c.Card, lang, count); gerr != nil {
		res.GuardErr = gerr.Error()
		var v *Violation
		res.Forbidden = errors.As(gerr, &v) && forbiddenRule(v.Rule)
	}
	res.Grounded = newGrounding(c.Card, count).ungroundedNumber(normalize(r.Text)) == ""
	res.Invented = inventedFact(r.Text, c.Card, count)
	res.Unanswered = c.Answerable && promisesFollowUp(r.Text)
	res.KeepsIntent = mentionsAny(r.Text, c.ExpectAny)
	res.LengthOK = spokenLen(r.Text) <= g.maxChars
	return res
}

// score turns the per-case results into rates.
func (rep *EvalReport) score(chars int) {
	n := float64(len(rep.Results))
	if n == 0 {
		return
	}
	var pass, grounded, intent, length, llm, fallback, forbidden float64
	for _, r := range rep.Results {
		forbidden += b2f(r.Forbidden)
		rep.NumberMismatches += int(b2f(!r.Grounded))
		rep.Invented += int(b2f(r.Invented != ""))
		rep.Unanswered += int(b2f(r.Unanswered))
		pass += b2f(r.GuardErr == "" && r.Err == nil)
		grounded += b2f(r.Grounded)
		intent += b2f(r.KeepsIntent)
		length += b2f(r.LengthOK)
		llm += b2f(r.Result.By == bus.ByLLM)
		fallback += b2f(r.Result.Fallback != "" && r.Result.Fallback != FallbackDisabled)
	}
	rep.GuardPass, rep.Grounded, rep.KeepsIntent = pass/n, grounded/n, intent/n
	rep.LengthOK, rep.ByLLM, rep.FallbackRate = length/n, llm/n, fallback/n
	rep.MeanChars = float64(chars) / n
	rep.ForbiddenRate = forbidden / n
}

// forbiddenRule reports whether rule refuses a term that must never be said,
// rather than a fact, a length or a language.
func forbiddenRule(rule Rule) bool {
	switch rule {
	case RuleForbidden, RuleMedical, RuleSensitive, RuleCompetitor, RuleURL, RulePhone,
		RuleContact:
		return true
	}
	return false
}

func mentionsAny(text string, words []string) bool {
	if len(words) == 0 {
		return true
	}
	n := squeeze(normalize(text))
	for _, w := range words {
		if strings.Contains(n, squeeze(normalize(w))) {
			return true
		}
	}
	return false
}

// percentile is the nearest-rank percentile of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100
	return s[max(rank-1, 0)]
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
