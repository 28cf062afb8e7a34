// Command zhubo runs an AI virtual host for live commerce: it plans and speaks a
// sales script, answers viewers' chat, obeys moderators, and streams its
// talking avatar over WebRTC.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
