package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	avatarbench "github.com/zhubo-live/zhubo/avatar/bench"
	streambench "github.com/zhubo-live/zhubo/stream/bench"
)

// runBench runs one of the benchmarks: render (rooms per machine), whep
// (viewers per server) or soak (a whole server under load and faults).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: zhubo bench render|whep|soak [flags]")
		return 2
	}
	switch args[0] {
	case "render":
		return benchRender(ctx, args[1:], stdout, stderr)
	case "whep":
		return benchWHEP(ctx, args[1:], stdout, stderr)
	case "soak":
		return benchSoak(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "zhubo bench: unknown benchmark %q (render, whep or soak)\n", args[0])
	return 2
}

func benchRender(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rooms := fs.Int("rooms", 1, "rooms rendered and encoded at once")
	dur := fs.Duration("duration", 20*time.Second, "how long to run")
	width := fs.Int("width", 540, "video width")
	height := fs.Int("height", 960, "video height")
	jsonOut := fs.Bool("json", false, "print one JSON object on the last line")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *profile != "" {
		stop, err := startCPUProfile(*profile)
		if err != nil {
			fmt.Fprintf(stderr, "zhubo bench render: %v\n", err)
			return 1
		}
		defer stop()
	}
	cfg := avatarbench.RenderConfig{Rooms: *rooms, Duration: *dur, Width: *width, Height: *height}
	if err := avatarbench.Render(ctx, cfg, stdout, *jsonOut); err != nil {
		fmt.Fprintf(stderr, "zhubo bench render: %v\n", err)
		return 1
	}
	return 0
}

func benchWHEP(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench whep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/whep/demo", "WHEP endpoint of any server")
	viewers := fs.Int("viewers", 10, "viewers to connect")
	dur := fs.Duration("duration", 20*time.Second, "how long to hold them once all started")
	ramp := fs.Duration("ramp", 0, "spread the viewers' starts over this long")
	token := fs.String("token", "", "bearer token for the endpoint")
	jsonOut := fs.Bool("json", false, "print one JSON object on the last line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg := streambench.WHEPConfig{URL: *url, Viewers: *viewers, Duration: *dur, Ramp: *ramp,
		Token: *token}
	if err := streambench.WHEP(ctx, cfg, stdout, *jsonOut); err != nil {
		fmt.Fprintf(stderr, "zhubo bench whep: %v\n", err)
		return 1
	}
	return 0
}

// startCPUProfile profiles the process into path until the returned stop is
// called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
