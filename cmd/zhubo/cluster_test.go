package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// startNATS runs a nats-server with JetStream apart from any zhubo Server, as a
// cluster's bus would be.
func startNATS(t *testing.T) *server.Server {
	t.Helper()
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoSigs: true,
		NoLog: true, JetStream: true, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(5 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns
}

// startMember runs a zhubo Server with the demo room on an existing bus.
func startMember(t *testing.T, natsURL string, edit func(*configs.Config)) *Server {
	t.Helper()
	cfg := testConfig(t)
	cfg.NATS.URL = natsURL
	if edit != nil {
		edit(&cfg)
	}
	return startWith(t, cfg)
}

// utteranceLog records every Utterance of a room as it arrives.
type utteranceLog struct {
	mu   sync.Mutex
	seen []bus.Utterance
}

func watchUtterances(t *testing.T, natsURL, room string) *utteranceLog {
	t.Helper()
	nc, err := bus.Connect(natsURL, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	l := &utteranceLog{}
	_, err = nc.Subscribe(bus.UtterancesSubject(room), func(m *nats.Msg) {
		var u bus.Utterance
		if json.Unmarshal(m.Data, &u) == nil {
			l.mu.Lock()
			l.seen = append(l.seen, u)
			l.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *utteranceLog) all() []bus.Utterance {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]bus.Utterance(nil), l.seen...)
}

// waitUntil polls cond until it holds or d passes.
func waitUntil(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func running(s *Server, room string) bool {
	for _, r := range s.liveRooms() {
		if r.name == room {
			return true
		}
	}
	return false
}

// TestFailoverContinuesTheShow runs two processes on one bus. The room's owner
// dies (its connection cut, nothing released) or shuts down cleanly; the other
// process takes the room within 5 s and goes on with the next seq.
func TestFailoverContinuesTheShow(t *testing.T) {
	for _, how := range []string{"killed", "closed"} {
		t.Run(how, func(t *testing.T) {
			checkGoroutines(t)
			ns := startNATS(t)
			utts := watchUtterances(t, ns.ClientURL(), "demo")
			owner := startMember(t, ns.ClientURL(), nil)
			standby := startMember(t, ns.ClientURL(), nil)
			if !running(owner, "demo") || running(standby, "demo") {
				t.Fatalf("demo running on owner %v, standby %v; want the first only",
					running(owner, "demo"), running(standby, "demo"))
			}
			if how == "killed" {
				checkRedirect(t, owner, standby)
			}
			if !waitUntil(15*time.Second, func() bool { return len(utts.all()) >= 2 }) {
				t.Fatalf("owner published %d lines, want 2", len(utts.all()))
			}

			died := time.Now()
			if how == "killed" {
				owner.nc.Close()
			}
			owner.Close()
			if !waitUntil(5*time.Second, func() bool { return running(standby, "demo") }) {
				t.Fatalf("standby did not take the room within 5s of the owner's death")
			}
			t.Logf("%s owner: room taken over after %v", how, time.Since(died))
			checkSeqContinues(t, utts, died)
		})
	}
}

// checkRedirect posts WHEP offers to the process that does not own the room:
// the answer is 307 to the owner, and a client that follows it gets a session.
func checkRedirect(t *testing.T, owner, standby *Server) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Post("http://"+standby.Addr()+"/whep/demo", "application/sdp",
		strings.NewReader("v=0\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := owner.AdvertisedURL() + "/whep/demo"
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != want {
		t.Fatalf("WHEP POST to the standby: %d Location %q, want 307 to %s",
			resp.StatusCode, resp.Header.Get("Location"), want)
	}
	pc := whepViewer(t, "http://"+standby.Addr()+"/whep/demo", &mediaSeen{})
	defer pc.Close()
	if !waitUntil(5*time.Second, func() bool { return owner.relay.Viewers() == 1 }) {
		t.Errorf("owner has %d viewers after a redirected offer, want 1", owner.relay.Viewers())
	}
}

// checkSeqContinues splits the lines at the owner's death and checks that the
// new owner's first line follows the old owner's last.
func checkSeqContinues(t *testing.T, utts *utteranceLog, died time.Time) {
	t.Helper()
	var before, after []bus.Utterance
	if !waitUntil(10*time.Second, func() bool {
		before, after = nil, nil
		for _, u := range utts.all() {
			if u.StartedAt.Before(died) {
				before = append(before, u)
			} else {
				after = append(after, u)
			}
		}
		return len(after) > 0
	}) {
		t.Fatal("the new owner published no line")
	}
	seen := map[int64]bool{}
	for _, u := range append(before, after...) {
		if seen[u.Seq] {
			t.Errorf("seq %d published twice", u.Seq)
		}
		seen[u.Seq] = true
	}
	last, first := before[len(before)-1].Seq, after[0].Seq
	t.Logf("old owner's last seq %d, new owner's first %d", last, first)
	if first != last+1 {
		t.Errorf("new owner's first seq %d, want %d after the old owner's last", first, last+1)
	}
}

// checkGoroutines fails the test if goroutines started during it outlive it.
func checkGoroutines(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		http.DefaultClient.CloseIdleConnections()
		if waitUntil(10*time.Second, func() bool { return runtime.NumGoroutine() <= before }) {
			return
		}
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("%d goroutines after the test, %d before:\n%s", runtime.NumGoroutine(), before,
			buf[:n])
	})
}

func quietLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(&testWriter{t: t}, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
