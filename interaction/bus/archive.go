package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ArchiveStream is the JetStream stream that keeps every room's show history
// for post-show reports.
const ArchiveStream = "ZHUBO_ROOMS"

// Defaults of ArchiveConfig.
const (
	DefaultArchiveMaxAge   = 7 * 24 * time.Hour
	DefaultArchiveMaxBytes = 1 << 30
)

// ArchiveConfig bounds the archive stream. Zero fields take the defaults.
type ArchiveConfig struct {
	// MaxAge is how long a message is kept; default DefaultArchiveMaxAge.
	MaxAge time.Duration
	// MaxBytes caps the stream's size, oldest messages going first; default
	// DefaultArchiveMaxBytes.
	MaxBytes int64
	// Replicas is the number of copies on a JetStream cluster; default 1.
	Replicas int
}

// ArchiveSubjects are the subjects the archive captures, for every room, the
// audit log of cues among them. Playout, signals and status are left out: they
// are derived, frequent and not part of a report.
func ArchiveSubjects() []string {
	return []string{
		subjectPrefix + "*.events",
		subjectPrefix + "*.intents",
		subjectPrefix + "*.utterances",
		subjectPrefix + "*.cues",
		subjectPrefix + "*.acks",
		subjectPrefix + "*.audit",
	}
}

// EnsureArchive creates the archive stream, or updates its limits when it
// exists, so that calling it at every start is safe. Publishers keep using core
// NATS; the server stores what they send.
func EnsureArchive(ctx context.Context, js jetstream.JetStream,
	cfg ArchiveConfig) (jetstream.Stream, error) {
	sc := cfg.streamConfig()
	s, err := js.CreateOrUpdateStream(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("ensure archive stream %s: %w", ArchiveStream, err)
	}
	return s, nil
}

// streamConfig is the stream configuration of cfg with defaults applied.
func (cfg ArchiveConfig) streamConfig() jetstream.StreamConfig {
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultArchiveMaxAge
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultArchiveMaxBytes
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	return jetstream.StreamConfig{
		Name:        ArchiveStream,
		Description: "zhubo rooms: events, intents, utterances, cues, acks and audit",
		Subjects:    ArchiveSubjects(),
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		MaxAge:      cfg.MaxAge,
		MaxBytes:    cfg.MaxBytes,
		Replicas:    cfg.Replicas,
	}
}
