package personalize

import (
	"context"
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
	Fallbacks  map[string]int
	MeanChars  float64
	LatencyP50 time.Duration
	LatencyP95 time.Duration
	Results    []EvalResult
}

// Eval runs every case through p, one after another, and scores the text
// that would be spoken with a default guard that knows the case's
// competitors.
func Eval(ctx context.Context, p Personalizer, cases []EvalCase) EvalReport {
	rep := EvalReport{Cases: len(cases), Fallbacks: map[string]int{}}
	var latencies []time.Duration
	var chars int
	for _, c := range cases {
		if ctx.Err() != nil {
			break
		}
		g := NewGuard(GuardConfig{Competitors: c.Competitors, Lang: c.Persona.Lang})
		res := evalOne(ctx, p, g, c)
		rep.Results = append(rep.Results, res)
		latencies = append(latencies, res.Latency)
		chars += spokenLen(res.Result.Text)
		if f := res.Result.Fallback; f != "" && f != FallbackDisabled {
			rep.Fallbacks[f]++
		}
	}
	rep.score(chars)
	rep.LatencyP50, rep.LatencyP95 = percentile(latencies, 50), percentile(latencies, 95)
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
	}
	res.Grounded = newGrounding(c.Card, count).ungroundedNumber(normalize(r.Text)) == ""
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
	var pass, grounded, intent, length, llm, fallback float64
	for _, r := range rep.Results {
		pass += b2f(r.GuardErr == "" && r.Err == nil)
		grounded += b2f(r.Grounded)
		intent += b2f(r.KeepsIntent)
		length += b2f(r.LengthOK)
		llm += b2f(r.Result.By == bus.ByLLM)
		fallback += b2f(r.Result.Fallback != "")
	}
	rep.GuardPass, rep.Grounded, rep.KeepsIntent = pass/n, grounded/n, intent/n
	rep.LengthOK, rep.ByLLM, rep.FallbackRate = length/n, llm/n, fallback/n
	rep.MeanChars = float64(chars) / n
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
