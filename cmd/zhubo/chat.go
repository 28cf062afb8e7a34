package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

const defaultNATS = "nats://127.0.0.1:4222"

// runChat publishes one viewer Event, as a platform adapter would.
func runChat(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", defaultNATS, "NATS server URL")
	room := fs.String("room", "demo", "room")
	user := fs.String("user", "观众", "viewer name")
	typ := fs.String("type", "comment", "event type: comment, like, follow, gift, purchase, enter, share, viewers")
	count := fs.Int("count", 1, "count (likes, gifts, current viewers)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ev := bus.Event{
		V: bus.SchemaVersion, ID: "e-" + randomID(), Type: bus.EventType(*typ), Room: *room,
		TS:   time.Now().UTC(),
		User: bus.User{ID: "cli-" + *user, Name: *user},
		Text: strings.Join(fs.Args(), " "), Count: *count, Platform: "cli",
	}
	if !ev.Type.Known() {
		fmt.Fprintf(stderr, "zhubo chat: unknown event type %q\n", *typ)
		return 2
	}
	if ev.Type == bus.EventComment && ev.Text == "" {
		fmt.Fprintln(stderr, "zhubo chat: a comment needs TEXT")
		return 2
	}
	nc, err := bus.Connect(*url, "zhubo-chat")
	if err != nil {
		fmt.Fprintf(stderr, "zhubo chat: %v\n", err)
		return 1
	}
	defer nc.Close()
	if err := bus.Publish(nc, bus.EventsSubject(*room), ev); err == nil {
		err = nc.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "zhubo chat: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "sent %s to %s\n", ev.ID, bus.EventsSubject(*room))
	return 0
}

func randomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
