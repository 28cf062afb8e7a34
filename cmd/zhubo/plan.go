package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
)

// planArgs are the flags of `zhubo plan`.
type planArgs struct {
	show   string
	format string
	cfg    planner.PlanConfig
}

// runPlan prints the timeline a show would follow for N minutes of quiet room.
func runPlan(_ context.Context, args []string, stdout, stderr io.Writer) int {
	pa, ok := parsePlanArgs(args, stderr)
	if !ok {
		return 2
	}
	sh, err := loadShow(pa.show)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	lib, err := phrase.LoadFS(configs.Phrases(), "*.yaml")
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	entries, err := planner.Plan(sh, lib, pa.cfg)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	if pa.format == "json" {
		err = planner.WriteJSON(stdout, entries)
	} else {
		err = planner.WriteText(stdout, entries)
	}
	if err != nil {
		fmt.Fprintf(stderr, "zhubo plan: %v\n", err)
		return 1
	}
	return 0
}

// parsePlanArgs reads and checks the flags of `zhubo plan`; it says what is
// wrong on stderr and reports false when they do not make a plan.
func parsePlanArgs(args []string, stderr io.Writer) (planArgs, bool) {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	show := fs.String("show", "demo", "show file, or the name of a shipped show")
	minutes := fs.Int("minutes", 10, "length of the timeline in minutes")
	seed := fs.Int64("seed", 1, "random seed")
	format := fs.String("format", "text", "text or json")
	start := fs.String("start", "", "start of the show on the room's clock, RFC 3339 "+
		"(default "+planner.DefaultPlanStart.Format(time.RFC3339)+")")
	if err := fs.Parse(args); err != nil {
		return planArgs{}, false
	}
	pa := planArgs{show: *show, format: *format,
		cfg: planner.PlanConfig{Minutes: *minutes, Seed: *seed}}
	bad := func(format string, args ...any) (planArgs, bool) {
		fmt.Fprintf(stderr, "zhubo plan: "+format+"\n", args...)
		return pa, false
	}
	if *minutes < 1 || *minutes > 24*60 {
		return bad("--minutes must be 1 to 1440")
	}
	if *format != "text" && *format != "json" {
		return bad("unknown --format %q (text or json)", *format)
	}
	if *start != "" {
		t, err := time.Parse(time.RFC3339, *start)
		if err != nil {
			return bad("--start %q is not RFC 3339, e.g. 2026-07-15T20:00:00+08:00", *start)
		}
		pa.cfg.Start = t
	}
	return pa, true
}
