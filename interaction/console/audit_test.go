package console

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// startJetStream runs a real nats-server with JetStream in-process.
func startJetStream(t *testing.T) *server.Server {
	t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true,
		NoSigs: true, JetStream: true, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(waitFor) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	return srv
}

// TestCuesLandInTheAuditLog sends an acked cue, a refused one and an unanswered
// one from consoles and reads their records back from the archive stream.
func TestCuesLandInTheAuditLog(t *testing.T) {
	ns := startJetStream(t)
	r := &rig{nats: ns, nc: connectNATS(t, ns), bus: connectNATS(t, ns)}
	js, err := jetstream.New(r.bus)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	stream, err := bus.EnsureArchive(t.Context(), js, bus.ArchiveConfig{})
	if err != nil {
		t.Fatalf("EnsureArchive: %v", err)
	}
	h, err := NewHandler(Config{Conn: r.nc, OperatorToken: opToken, ModeratorToken: modToken,
		Logger: quiet(), AckTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	r.h, r.srv = h, newHTTPServer(t, h)
	r.director(t, "demo")
	op, opHello := r.dial(t, "demo", opToken)
	mod, modHello := r.dial(t, "demo", modToken)
	quietRoom, _ := r.dial(t, "silent", opToken)

	start := time.Now().UTC()
	sendCue(t, op, ClientCue{ID: "c-say", Type: bus.CueSay, Args: map[string]string{"text": "欢迎"}})
	readAck(t, op, "c-say")
	sendCue(t, mod, ClientCue{ID: "c-pause", Type: bus.CuePause})
	readAck(t, mod, "c-pause")
	sendCue(t, quietRoom, ClientCue{ID: "c-lost", Type: bus.CueSkip})
	readAck(t, quietRoom, "c-lost")

	got := readAudit(t, stream, 3)
	checkAudit(t, got["c-say"], opHello.ID, "operator", "demo", true, start)
	checkAudit(t, got["c-pause"], modHello.ID, "moderator", "demo", false, start)
	checkAudit(t, got["c-lost"], "", "operator", "silent", false, start)
	if got["c-say"].Cue.Args["text"] != "欢迎" || got["c-say"].Cue.By != opHello.ID {
		t.Errorf("audited cue = %+v, want the say cue by %s", got["c-say"].Cue, opHello.ID)
	}
	if got["c-lost"].Error != msgNoAnswer {
		t.Errorf("unanswered cue error = %q, want %q", got["c-lost"].Error, msgNoAnswer)
	}
}

// readAudit fetches want audit records from the archive stream, keyed by cue id.
func readAudit(t *testing.T, s jetstream.Stream, want int) map[string]bus.AuditRecord {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{bus.AuditSubject("*")},
	})
	if err != nil {
		t.Fatalf("consumer: %v", err)
	}
	got := map[string]bus.AuditRecord{}
	for len(got) < want {
		m, err := cons.Next(jetstream.FetchContext(ctx))
		if err != nil {
			t.Fatalf("after %d of %d audit records: %v", len(got), want, err)
		}
		var rec bus.AuditRecord
		if err := json.Unmarshal(m.Data(), &rec); err != nil {
			t.Fatalf("audit record %s: %v", m.Data(), err)
		}
		if m.Subject() != bus.AuditSubject(rec.Room) {
			t.Errorf("record of room %s on %s", rec.Room, m.Subject())
		}
		got[rec.Cue.ID] = rec
	}
	if m, err := cons.Next(jetstream.FetchMaxWait(100 * time.Millisecond)); err == nil {
		t.Errorf("more than %d audit records: %s", want, m.Data())
	}
	return got
}

func checkAudit(t *testing.T, rec bus.AuditRecord, by, role, room string, ok bool,
	since time.Time) {
	t.Helper()
	if by != "" && rec.By != by || rec.Role != role || rec.Room != room || rec.OK != ok ||
		rec.V != bus.SchemaVersion {
		t.Errorf("audit %+v, want by %q role %s room %s ok %v", rec, by, role, room, ok)
	}
	if !ok && rec.Error == "" {
		t.Errorf("audit of failed cue %s has no error", rec.Cue.ID)
	}
	if rec.At.Before(since) || rec.At.After(time.Now()) {
		t.Errorf("audit at %v, want between %v and now", rec.At, since)
	}
}
