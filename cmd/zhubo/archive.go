package main

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// startArchive keeps the rooms' events, intents, utterances, cues and acks in
// JetStream for the post-show report. A bus without JetStream degrades the
// report, never the show: the failure is logged and the rooms run on.
func (s *Server) startArchive(ctx context.Context) {
	js, err := jetstream.New(s.nc)
	if err == nil {
		_, err = bus.EnsureArchive(ctx, js, bus.ArchiveConfig{})
	}
	if err != nil {
		s.log.Warn("no show archive: post-show reports will be empty", "err", err)
		return
	}
	s.log.Info("show archive ready", "stream", bus.ArchiveStream)
}
