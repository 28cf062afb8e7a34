package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
)

// runPlan prints the timeline a show would follow for N minutes of quiet room.
func runPlan(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	showPath := fs.String("show", "demo", "show file, or the name of a shipped show")
	minutes := fs.Int("minutes", 10, "length of the timeline in minutes")
	seed := fs.Int64("seed", 1, "random seed")
	format := fs.String("format", "text", "text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *minutes < 1 || *minutes > 24*60 {
		fmt.Fprintln(stderr, "zhubo plan: --minutes must be 1 to 1440")
		return 2
	}
	sh, err := loadShow(*showPath)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	lib, err := phrase.LoadFS(configs.Phrases(), "*.yaml")
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	entries, err := planner.Plan(sh, lib, *minutes, *seed)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	switch *format {
	case "text":
		err = planner.WriteText(stdout, entries)
	case "json":
		err = planner.WriteJSON(stdout, entries)
	default:
		fmt.Fprintf(stderr, "zhubo plan: unknown --format %q (text or json)\n", *format)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	return 0
}
