package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// startServer runs a whole zhubo process on free ports with the demo room.
func startServer(t *testing.T) *Server {
	t.Helper()
	return startWith(t, testConfig(t))
}

// testConfig is the default configuration on free ports, with its own bus store.
func testConfig(t *testing.T) configs.Config {
	cfg := configs.Default()
	cfg.HTTP.Listen = "127.0.0.1:0"
	cfg.NATS.Listen = "127.0.0.1:0"
	cfg.NATS.StoreDir = t.TempDir()
	cfg.WebRTC.IncludeLoopback = true
	return cfg
}

// startWith runs a zhubo process with cfg until the test ends.
func startWith(t *testing.T, cfg configs.Config) *Server {
	t.Helper()
	srv, err := NewServer(cfg, quietLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(t.Context()); err != nil {
		srv.Close()
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

type testWriter struct {
	mu sync.Mutex
	t  *testing.T
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// mediaSeen is what a WHEP viewer received, per kind.
type mediaSeen struct {
	mu                    sync.Mutex
	videoPackets          int
	audioPackets          int
	sps, pps, idr         bool
	maxOpus               int
	firstVideo, lastVideo time.Time
}

func TestWHEPViewerReceivesHostAudioAndVideo(t *testing.T) {
	srv := startServer(t)
	seen := &mediaSeen{}
	pc := whepViewer(t, "http://"+srv.Addr()+"/whep/demo", seen)
	defer pc.Close()

	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		seen.mu.Lock()
		done := seen.idr && seen.sps && seen.pps && seen.maxOpus > 40 &&
			seen.lastVideo.Sub(seen.firstVideo) >= 3*time.Second
		seen.mu.Unlock()
		if done {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	if !seen.sps || !seen.pps || !seen.idr {
		t.Errorf("video carried sps=%v pps=%v idr=%v, want all", seen.sps, seen.pps, seen.idr)
	}
	if span := seen.lastVideo.Sub(seen.firstVideo); span < 3*time.Second {
		t.Errorf("received video for %v, want at least 3s", span)
	}
	if seen.audioPackets < 100 {
		t.Errorf("received %d audio packets, want at least 100 (2s)", seen.audioPackets)
	}
	if seen.maxOpus <= 40 {
		t.Errorf("largest Opus packet %d bytes: the audio is silence, want speech", seen.maxOpus)
	}
}

// whepViewer connects a pion peer to a WHEP endpoint and records what arrives.
func whepViewer(t *testing.T, url string, seen *mediaSeen) *webrtc.PeerConnection {
	t.Helper()
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		t.Fatal(err)
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	api := webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecTypeAudio} {
		_, err := pc.AddTransceiverFromKind(k, webrtc.RTPTransceiverInit{
			Direction: webrtc.RTPTransceiverDirectionRecvonly,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) { go readTrack(tr, seen) })
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-gathered
	resp, err := http.Post(url, "application/sdp", strings.NewReader(pc.LocalDescription().SDP))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		t.Fatalf("WHEP POST: %d %s (Location %q)", resp.StatusCode, answer, resp.Header.Get("Location"))
	}
	err = pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: string(answer)})
	if err != nil {
		t.Fatal(err)
	}
	return pc
}

func readTrack(tr *webrtc.TrackRemote, seen *mediaSeen) {
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return
		}
		seen.mu.Lock()
		if tr.Kind() == webrtc.RTPCodecTypeVideo {
			seen.videoPackets++
			now := time.Now()
			if seen.firstVideo.IsZero() {
				seen.firstVideo = now
			}
			seen.lastVideo = now
			markNALs(pkt.Payload, seen)
		} else {
			seen.audioPackets++
			seen.maxOpus = max(seen.maxOpus, len(pkt.Payload))
		}
		seen.mu.Unlock()
	}
}

// markNALs notes the H.264 NAL unit types in one RTP payload (RFC 6184).
func markNALs(payload []byte, seen *mediaSeen) {
	if len(payload) == 0 {
		return
	}
	types := []byte{payload[0] & 0x1f}
	switch types[0] {
	case 24: // STAP-A
		for i := 1; i+2 < len(payload); {
			n := int(payload[i])<<8 | int(payload[i+1])
			types = append(types, payload[i+2]&0x1f)
			i += 2 + n
		}
	case 28: // FU-A
		types = append(types, payload[1]&0x1f)
	}
	for _, typ := range types {
		switch typ {
		case 7:
			seen.sps = true
		case 8:
			seen.pps = true
		case 5:
			seen.idr = true
		}
	}
}

func TestCommentGetsReplyByName(t *testing.T) {
	srv := startServer(t)
	nc, err := nats.Connect(srv.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	utts := make(chan bus.Utterance, 64)
	sub, err := nc.Subscribe(bus.UtterancesSubject("demo"), func(m *nats.Msg) {
		var u bus.Utterance
		if json.Unmarshal(m.Data, &u) == nil {
			utts <- u
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	ev := bus.Event{V: 1, ID: "e-reply-1", Type: bus.EventComment, Room: "demo",
		TS: time.Now().UTC(), User: bus.User{ID: "u42", Name: "小美"}, Text: "这个多少钱", Platform: "test"}
	data, _ := json.Marshal(ev)
	sent := time.Now()
	if err := nc.Publish(bus.EventsSubject("demo"), data); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(2 * time.Second)
	for {
		select {
		case u := <-utts:
			if u.Source != bus.SourceReply || !containsString(u.ReplyTo, ev.ID) {
				continue
			}
			t.Logf("reply after %v: %s", time.Since(sent), u.Text)
			if !strings.Contains(u.Text, "小美") {
				t.Errorf("reply %q does not address the viewer 小美", u.Text)
			}
			return
		case <-timeout:
			t.Fatal("no reply naming e-reply-1 within 2s")
		}
	}
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestBadInput(t *testing.T) {
	srv := startServer(t)
	base := "http://" + srv.Addr()
	tests := []struct {
		name, path, ctype, body string
		want                    int
	}{
		{"unknown room", "/whep/nope", "application/sdp", "v=0\r\n", http.StatusNotFound},
		{"not sdp", "/whep/demo", "application/sdp", "hello", http.StatusBadRequest},
	}
	for _, tt := range tests {
		resp, err := http.Post(base+tt.path, tt.ctype, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct{ Error string }
		if resp.StatusCode != tt.want || json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want %d with a JSON error", tt.name, resp.StatusCode, body, tt.want)
		}
	}

	nc, err := nats.Connect(srv.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for _, bad := range [][]byte{[]byte("{"), []byte(`{"v":1,"type":"nope","room":"demo"}`),
		bytes.Repeat([]byte("x"), 5000), {0xff, 0xfe}} {
		if err := nc.Publish(bus.EventsSubject("demo"), bad); err != nil {
			t.Fatal(err)
		}
	}
	_ = nc.Flush()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) && rejected(srv) < 4 {
		time.Sleep(20 * time.Millisecond)
	}
	if got := rejected(srv); got < 4 {
		t.Errorf("rejected %d malformed events, want 4: %v", got, srv.ingestStats().Rejected)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz after bad input: %v %v", err, resp)
	}
	resp.Body.Close()
}

func rejected(srv *Server) uint64 {
	var n uint64
	for _, c := range srv.ingestStats().Rejected {
		n += c
	}
	return n
}

func TestMetricsNameTheShow(t *testing.T) {
	srv := startServer(t)
	resp, err := http.Get("http://" + srv.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"zhubo_viewers{room=\"demo\"}", "zhubo_render_fps{room=\"demo\"}",
		"zhubo_utterances_total{room=\"demo\",source=\"script\"}", "go_goroutines",
		"zhubo_dead_air_seconds_total{room=\"demo\"}", "zhubo_egress_bytes_total{room=\"demo\"}"} {
		if !strings.Contains(string(body), name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestRoomStatusReachesConsoles(t *testing.T) {
	srv := startServer(t)
	nc, err := nats.Connect(srv.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	sub, err := nc.SubscribeSync(bus.StatusSubject("demo"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := sub.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatalf("no RoomStatus within 5s: %v", err)
	}
	var st bus.RoomStatus
	if err := json.Unmarshal(msg.Data, &st); err != nil {
		t.Fatal(err)
	}
	if st.Room != "demo" || len(st.Next) == 0 || st.Next[0].Text == "" || st.ProductName == "" &&
		st.Next[0].Scene == "" {
		t.Errorf("status %+v, want the demo room with its next planned lines", st)
	}
}
