package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/report"
)

// runReport writes the post-show report of a room from the JetStream archive.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", defaultNATS, "NATS server URL")
	room := fs.String("room", "demo", "room")
	since := fs.String("since", "", "start time, RFC 3339 or a duration ago such as 2h (default: the last show)")
	until := fs.String("until", "", "end time, RFC 3339 or a duration ago (default: now)")
	out := fs.String("out", "report", "directory for report.html and report.json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := report.Options{Room: *room}
	var err error
	if opts.Since, err = parseWhen(*since); err == nil {
		opts.Until, err = parseWhen(*until)
	}
	if err != nil {
		fmt.Fprintf(stderr, "zhubo report: %v\n", err)
		return 2
	}
	nc, err := bus.Connect(*url, "zhubo-report")
	if err != nil {
		fmt.Fprintf(stderr, "zhubo report: %v\n", err)
		return 1
	}
	defer nc.Close()
	if err := report.Run(ctx, nc, opts, *out); err != nil {
		fmt.Fprintf(stderr, "zhubo report: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s/%s and %s/%s\n", *out, report.HTMLFile, *out, report.JSONFile)
	return 0
}

// parseWhen reads an RFC 3339 time or a duration before now; "" is the zero time.
func parseWhen(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time nor a duration such as 90m", s)
	}
	return time.Now().Add(-d), nil
}
