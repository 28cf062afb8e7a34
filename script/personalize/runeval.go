package personalize

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/prometheus/client_golang/prometheus"
)

// RunEval scores personalization on DemoEvalSet and prints a table to w:
// the template filler (the planner's lines and answers as they are) when
// llmURL is empty, else the LLM at llmURL with model (API key from
// ZHUBO_LLM_API_KEY), guarded, with its template fallbacks. It returns the
// exit status: 0 when every output passes the guard and states only the
// card's numbers and ingredients, 1 when not, 2 when the evaluation could
// not run.
func RunEval(ctx context.Context, w io.Writer, llmURL, model string) int {
	set, err := DemoEvalSet()
	if err != nil {
		fmt.Fprintln(w, "eval:", err)
		return 2
	}
	var p Personalizer = Template{}
	if llmURL == "" {
		fmt.Fprintf(w, "no --llm given: scoring the template filler\n\n")
	} else {
		p, err = NewLLM(LLMConfig{
			BaseURL: llmURL, Model: model, APIKey: os.Getenv("ZHUBO_LLM_API_KEY"),
			Guard:      NewGuard(GuardConfig{Competitors: set.Competitors}),
			Registerer: prometheus.NewRegistry(),
			Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
			// An evaluation measures the model, so a failing endpoint is not
			// given up on.
			Breaker: BreakerConfig{Failures: len(set.Cases) + 1},
		})
		if err != nil {
			fmt.Fprintln(w, "eval:", err)
			return 2
		}
	}
	rep := Eval(ctx, p, set.Cases)
	rep.Print(w)
	if rep.GuardPass < 1 || rep.Grounded < 1 || rep.Invented > 0 {
		return 1
	}
	return 0
}

// Print writes the report as a table of cases and a summary.
func (rep EvalReport) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tby\tfallback\tms\tguard\tgrounded\tintent\tanswered\ttext")
	for _, r := range rep.Results {
		guard := "ok"
		if r.GuardErr != "" {
			guard = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Case, r.Result.By,
			orDefault(r.Result.Fallback, "-"), r.Latency.Milliseconds(), guard,
			yesNo(r.Grounded), yesNo(r.KeepsIntent), yesNo(!r.Unanswered),
			clip(r.Result.Text, 40))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\ncases %d  guard pass %.0f%%  grounded %.0f%%  keeps intent %.0f%%  "+
		"length ok %.0f%%  mean %.0f chars\n", rep.Cases, 100*rep.GuardPass, 100*rep.Grounded,
		100*rep.KeepsIntent, 100*rep.LengthOK, rep.MeanChars)
	fmt.Fprintf(w, "forbidden terms %.1f%%  number mismatches %d  invented facts %d  "+
		"answerable but unanswered %d of %d\n", 100*rep.ForbiddenRate, rep.NumberMismatches,
		rep.Invented, rep.Unanswered, rep.Answerable)
	fmt.Fprintf(w, "length mean %.0f max %d chars  diversity %.2f (distinct bigrams)\n",
		rep.MeanChars, rep.MaxChars, rep.Diversity)
	fmt.Fprintf(w, "by llm %.0f%%  fallback %.0f%%  latency p50 %s p95 %s p99 %s\n",
		100*rep.ByLLM, 100*rep.FallbackRate, rep.LatencyP50, rep.LatencyP95, rep.LatencyP99)
	if len(rep.Fallbacks) > 0 {
		reasons := make([]string, 0, len(rep.Fallbacks))
		for r, n := range rep.Fallbacks {
			reasons = append(reasons, fmt.Sprintf("%s=%d", r, n))
		}
		sort.Strings(reasons)
		fmt.Fprintf(w, "fallbacks %s\n", strings.Join(reasons, " "))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}
