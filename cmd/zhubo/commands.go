package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// command is one `zhubo <name>` subcommand.
type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "serve [--config FILE] [--http ADDR] [--nats URL]   run rooms (default: the demo room)", runServe},
		{"plan", "plan --show FILE --minutes N [--seed S] [--start T] [--format text|json]", runPlan},
		{"phrases", "phrases lint FILE...", runPhrases},
		{"chat", "chat [--nats URL] --room R [--user NAME] [--type comment] TEXT", runChat},
		{"cue", "cue [--nats URL] --room R TYPE [key=value ...]", runCue},
		{"report", "report --room R [--since T] [--nats URL] --out DIR   post-show report", runReport},
		{"bench", "bench render --rooms N --duration D [--json]\n" +
			"  zhubo bench whep --url URL --viewers N --duration D [--json]", runBench},
		{"eval", "eval [--llm URL --model M]                  score personalization", runEval},
	}
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "zhubo: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("usage: zhubo COMMAND [flags]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  zhubo %s\n", c.usage)
	}
	io.WriteString(w, b.String())
}
