// Command zhubo runs an AI virtual host for live commerce: it plans and speaks a
// sales script, answers viewers' chat, obeys moderators, and streams its
// talking avatar over WebRTC.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/zhubo-live/zhubo/avatar/tts"
)

func main() {
	// First of all: this executable is also its own speech worker.
	if code, served := tts.ServeIfWorker(); served {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
