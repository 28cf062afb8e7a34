package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// runCue sends one Cue and waits for its Ack.
func runCue(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", defaultNATS, "NATS server URL")
	room := fs.String("room", "demo", "room")
	by := fs.String("by", "cli", "who sends the cue")
	wait := fs.Duration("wait", 3*time.Second, "how long to wait for the Ack")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cue, err := parseCue(fs.Args(), *room, *by)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo cue: %v\n", err)
		return 2
	}
	nc, err := bus.Connect(*url, "zhubo-cue")
	if err != nil {
		fmt.Fprintf(stderr, "zhubo cue: %v\n", err)
		return 1
	}
	defer nc.Close()
	ack, err := sendCue(nc, cue, *wait)
	if err != nil {
		fmt.Fprintf(stderr, "zhubo cue: %v\n", err)
		return 1
	}
	if !ack.OK {
		fmt.Fprintf(stderr, "zhubo cue: %s refused: %s\n", cue.ID, ack.Error)
		return 1
	}
	fmt.Fprintf(stdout, "%s %s: ok\n", cue.ID, cue.Type)
	return 0
}

func parseCue(args []string, room, by string) (bus.Cue, error) {
	if len(args) == 0 {
		return bus.Cue{}, fmt.Errorf("missing TYPE")
	}
	c := bus.Cue{V: bus.SchemaVersion, ID: "c-" + randomID(), Type: bus.CueType(args[0]),
		Room: room, By: by, Args: map[string]string{}}
	if !c.Type.Known() {
		return bus.Cue{}, fmt.Errorf("unknown cue type %q", args[0])
	}
	for _, kv := range args[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return bus.Cue{}, fmt.Errorf("argument %q is not key=value", kv)
		}
		c.Args[k] = v
	}
	return c, nil
}

// sendCue publishes c and waits for the Ack that names it.
func sendCue(nc *nats.Conn, c bus.Cue, wait time.Duration) (bus.Ack, error) {
	acks := make(chan bus.Ack, 4)
	sub, err := nc.Subscribe(bus.AcksSubject(c.Room), func(m *nats.Msg) {
		var a bus.Ack
		if json.Unmarshal(m.Data, &a) == nil && a.Cue == c.ID {
			acks <- a
		}
	})
	if err != nil {
		return bus.Ack{}, err
	}
	defer sub.Unsubscribe()
	if err := bus.Publish(nc, bus.CuesSubject(c.Room), c); err != nil {
		return bus.Ack{}, err
	}
	select {
	case a := <-acks:
		return a, nil
	case <-time.After(wait):
		return bus.Ack{}, fmt.Errorf("no ack for %s within %s: is a room %q running?", c.ID, wait, c.Room)
	}
}
