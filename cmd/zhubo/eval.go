package main

import (
	"context"
	"flag"
	"io"
	"os"

	"github.com/zhubo-live/zhubo/script/personalize"
)

// runEval scores personalization on the shipped evaluation set: against the
// given endpoint, or the built-in offline model when none is given.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	llm := fs.String("llm", os.Getenv("ZHUBO_LLM_BASE_URL"), "OpenAI-compatible base URL (empty: offline)")
	model := fs.String("model", os.Getenv("ZHUBO_LLM_MODEL"), "model name")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	return personalize.RunEval(ctx, stdout, *llm, *model)
}
