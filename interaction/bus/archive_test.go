package bus

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// jetStreamServer starts an in-process nats-server with JetStream and returns a
// connection and its JetStream context.
func jetStreamServer(t *testing.T) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	srv, err := server.NewServer(&server.Options{
		Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
	})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	return nc, js
}

func TestEnsureArchiveDefaultsAndUpdate(t *testing.T) {
	_, js := jetStreamServer(t)
	ctx := t.Context()

	s, err := EnsureArchive(ctx, js, ArchiveConfig{})
	if err != nil {
		t.Fatalf("EnsureArchive: %v", err)
	}
	cfg := s.CachedInfo().Config
	if cfg.Name != ArchiveStream || cfg.Storage != jetstream.FileStorage ||
		cfg.Discard != jetstream.DiscardOld || cfg.MaxAge != DefaultArchiveMaxAge ||
		cfg.MaxBytes != DefaultArchiveMaxBytes || cfg.Replicas != 1 {
		t.Fatalf("config = %+v", cfg)
	}
	got, want := strings.Join(cfg.Subjects, " "), strings.Join(ArchiveSubjects(), " ")
	if got != want {
		t.Fatalf("subjects = %q, want %q", got, want)
	}

	s, err = EnsureArchive(ctx, js, ArchiveConfig{MaxAge: time.Hour, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatalf("EnsureArchive again: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("info: %v", err)
	}
	if info.Config.MaxAge != time.Hour || info.Config.MaxBytes != 1<<20 {
		t.Fatalf("limits not updated: age %v bytes %d", info.Config.MaxAge, info.Config.MaxBytes)
	}
}

func TestEnsureArchiveCapturesShowSubjectsOnly(t *testing.T) {
	nc, js := jetStreamServer(t)
	ctx := t.Context()
	s, err := EnsureArchive(ctx, js, ArchiveConfig{})
	if err != nil {
		t.Fatalf("EnsureArchive: %v", err)
	}
	subjects := []string{
		EventsSubject("demo"), IntentsSubject("demo"), UtterancesSubject("demo"),
		CuesSubject("demo"), AcksSubject("demo"), PlayoutSubject("demo"),
		SignalsSubject("demo"), EventsSubject("other"),
	}
	for _, subj := range subjects {
		if err := nc.Publish(subj, []byte(`{"v":1}`)); err != nil {
			t.Fatalf("publish %s: %v", subj, err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatalf("flush: %v", err)
	}

	info := waitForMessages(ctx, t, s, 6)
	for _, subj := range subjects[:5] {
		if info.State.Subjects[subj] != 1 {
			t.Errorf("%s: %d messages, want 1", subj, info.State.Subjects[subj])
		}
	}
	for _, subj := range []string{PlayoutSubject("demo"), SignalsSubject("demo")} {
		if n, ok := info.State.Subjects[subj]; ok {
			t.Errorf("%s archived %d messages, want none", subj, n)
		}
	}
}

func TestEnsureArchiveOverlappingStream(t *testing.T) {
	_, js := jetStreamServer(t)
	ctx := t.Context()
	_, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: "OTHER", Subjects: []string{"zhubo.room.*.events"},
	})
	if err != nil {
		t.Fatalf("create other stream: %v", err)
	}
	_, err = EnsureArchive(ctx, js, ArchiveConfig{})
	if err == nil || !strings.Contains(err.Error(), ArchiveStream) {
		t.Fatalf("err = %v, want an error naming %s", err, ArchiveStream)
	}
}

// waitForMessages polls the stream until it holds want messages or a deadline passes.
func waitForMessages(ctx context.Context, t *testing.T, s jetstream.Stream,
	want uint64) *jetstream.StreamInfo {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(">"))
		if err != nil {
			t.Fatalf("info: %v", err)
		}
		if info.State.Msgs >= want {
			if info.State.Msgs != want {
				t.Fatalf("stream holds %d messages, want %d", info.State.Msgs, want)
			}
			return info
		}
		if time.Now().After(deadline) {
			t.Fatalf("stream holds %d messages after 10s, want %d", info.State.Msgs, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
