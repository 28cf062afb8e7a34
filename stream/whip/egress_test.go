package whip_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
	"github.com/zhubo-live/zhubo/stream/whip"
)

// whipServer is a WHIP endpoint made with pion: it answers offers with recvonly sessions and
// counts the RTP packets of each codec it receives.
type whipServer struct {
	*httptest.Server
	api *webrtc.API

	failFirst int // POSTs answered 503 before the first success
	token     string

	mu       sync.Mutex // guards sessions, posts
	sessions map[string]*webrtc.PeerConnection
	posts    int

	h264, opus, deletes atomic.Int64
	wg                  sync.WaitGroup
}

func newWHIPServer(t *testing.T, failFirst int) *whipServer {
	t.Helper()
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	api, err := whip.NewAPI(se)
	if err != nil {
		t.Fatal(err)
	}
	s := &whipServer{api: api, failFirst: failFirst, token: "t0k",
		sessions: map[string]*webrtc.PeerConnection{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /whip", s.post)
	mux.HandleFunc("DELETE /whip/{id}", s.delete)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.Close()
		s.mu.Lock()
		for _, pc := range s.sessions {
			_ = pc.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *whipServer) post(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.posts++
	n := s.posts
	s.mu.Unlock()
	if n <= s.failFirst {
		http.Error(w, "not yet", http.StatusServiceUnavailable)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		http.Error(w, "token", http.StatusUnauthorized)
		return
	}
	offer, _ := io.ReadAll(r.Body)
	answer, err := s.answer(fmt.Sprint(n), string(offer))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", "/whip/"+fmt.Sprint(n))
	w.Header().Set("Content-Type", "application/sdp")
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, answer)
}

func (s *whipServer) answer(id, offer string) (string, error) {
	pc, err := s.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return "", err
	}
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		count := &s.opus
		if strings.EqualFold(tr.Codec().MimeType, webrtc.MimeTypeH264) {
			count = &s.h264
		}
		s.wg.Go(func() {
			buf := make([]byte, 1500)
			for {
				if _, _, err := tr.Read(buf); err != nil {
					return
				}
				count.Add(1)
			}
		})
	})
	s.mu.Lock()
	s.sessions[id] = pc
	s.mu.Unlock()
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{
		Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		return "", err
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		return "", err
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(answer); err != nil {
		return "", err
	}
	<-gathered
	return pc.LocalDescription().SDP, nil
}

func (s *whipServer) delete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	pc := s.sessions[r.PathValue("id")]
	delete(s.sessions, r.PathValue("id"))
	s.mu.Unlock()
	if pc == nil {
		http.Error(w, "no such session", http.StatusNotFound)
		return
	}
	_ = pc.Close()
	s.deletes.Add(1)
	w.WriteHeader(http.StatusOK)
}

// dropAll closes every session from the server's side, as a restarting SFU would.
func (s *whipServer) dropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, pc := range s.sessions {
		_ = pc.Close()
		delete(s.sessions, id)
	}
}

// fedRoom is a room fed by an openh264 feeder.
func fedRoom(t *testing.T) *relay.Room {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), nil))
	var feeder *relaytest.Feeder
	room, err := relay.NewRoom("demo", relay.Config{
		Logger: logger, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = room.Close() })
	feeder, err = relaytest.NewFeeder(room, 320, 240, 250)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = feeder.Close() })
	return room
}

// startEgress runs an egress of room to srv until stop or the end of the test.
func startEgress(t *testing.T, room *relay.Room, srv *whipServer) (e *whip.Egress, stop func()) {
	t.Helper()
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	api, err := whip.NewAPI(se)
	if err != nil {
		t.Fatal(err)
	}
	e, err = whip.New(whip.Config{
		URL: srv.URL + "/whip", Token: srv.token, Room: room, API: api,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run = %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return e, stop
}

func TestEgressPushesH264AndOpus(t *testing.T) {
	checkLeaks(t)
	srv := newWHIPServer(t, 0)
	room := fedRoom(t)
	startEgress(t, room, srv)
	waitFor(t, 10*time.Second, "H.264 and Opus at the endpoint", func() bool {
		return srv.h264.Load() > 50 && srv.opus.Load() > 50
	})
}

func TestEgressRetriesThenDeletesOnStop(t *testing.T) {
	checkLeaks(t)
	srv := newWHIPServer(t, 2)
	room := fedRoom(t)
	e, stop := startEgress(t, room, srv)
	waitFor(t, 10*time.Second, "media after two refusals", func() bool {
		return srv.h264.Load() > 10 && e.Stats().Connected
	})
	if got := e.Stats().Attempts; got != 3 {
		t.Errorf("Attempts = %d, want 3 (two refused, one accepted)", got)
	}

	srv.dropAll()
	before := srv.h264.Load()
	waitFor(t, 20*time.Second, "a new session after the endpoint dropped one", func() bool {
		return e.Stats().Sessions >= 2 && srv.h264.Load() > before+10
	})
	stop()
	if got := srv.deletes.Load(); got != 1 {
		t.Errorf("DELETEs = %d after stop, want 1", got)
	}
}

func TestNewChecksConfig(t *testing.T) {
	room, err := relay.NewRoom("demo", relay.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer room.Close()
	if _, err := whip.New(whip.Config{Room: room}); err != whip.ErrNoURL {
		t.Errorf("New without URL = %v, want ErrNoURL", err)
	}
	if _, err := whip.New(whip.Config{URL: "http://127.0.0.1:1/whip"}); err != whip.ErrNoRoom {
		t.Errorf("New without room = %v, want ErrNoRoom", err)
	}
}

func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

func checkLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(),
					buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
