package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
)

// TestBusRestart stops the embedded nats-server and starts it again on the same
// port and store: a cue sent meanwhile is refused as not delivered, and lines
// flow again once the parts have reconnected.
func TestBusRestart(t *testing.T) {
	checkGoroutines(t)
	cfg := testConfig(t)
	srv := startWith(t, cfg)
	utts := watchUtterances(t, srv.NATSURL(), "demo")
	ws := dialConsole(t, srv)
	if !waitUntil(15*time.Second, func() bool { return len(utts.all()) > 0 }) {
		t.Fatal("no line before the restart")
	}
	_, portText, _ := net.SplitHostPort(srv.embedded.Server().Addr().String())
	port, _ := strconv.Atoi(portText)

	srv.embedded.Close()
	if !waitUntil(5*time.Second, func() bool { return !srv.nc.IsConnected() }) {
		t.Fatal("server still connected to a stopped bus")
	}
	msg := console.ClientMessage{Type: console.MessageCue, Cue: &console.ClientCue{
		ID: "c-outage", Type: bus.CueSay, Args: map[string]string{"text": "在吗"}}}
	if err := ws.WriteJSON(msg); err != nil {
		t.Fatal(err)
	}
	if a := readAck(t, ws, "c-outage"); a.OK || !strings.Contains(a.Error, "not delivered") {
		t.Errorf("cue during the outage: %+v, want ok:false not delivered", a)
	}
	last := utts.all()[len(utts.all())-1].Seq

	e, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: port,
		StoreDir: cfg.NATS.StoreDir})
	if err != nil {
		t.Fatal(err)
	}
	srv.embedded = e
	restarted := time.Now()
	if !waitUntil(20*time.Second, func() bool {
		all := utts.all()
		return all[len(all)-1].Seq > last
	}) {
		t.Fatalf("no line after the bus restarted (last before: %d)", last)
	}
	t.Logf("first line %v after the bus restarted", time.Since(restarted))
	if !running(srv, "demo") {
		t.Error("room demo not running after the restart")
	}
}

func dialConsole(t *testing.T, srv *Server) *websocket.Conn {
	t.Helper()
	hdr := http.Header{"Authorization": {"Bearer " + srv.cfg.Console.Token}}
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+srv.Addr()+"/ws/console/demo", hdr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func readAck(t *testing.T, ws *websocket.Conn, cue string) bus.Ack {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var m console.ServerMessage
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("no ack for %s: %v", cue, err)
		}
		var a bus.Ack
		if m.Type == console.MessageAck && json.Unmarshal(m.Data, &a) == nil && a.Cue == cue {
			return a
		}
	}
}

// offerSDP makes one real recvonly offer that tests may post many times.
func offerSDP(t *testing.T) string {
	t.Helper()
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		t.Fatal(err)
	}
	api := webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	for _, k := range []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecTypeAudio} {
		_, err := pc.AddTransceiverFromKind(k, webrtc.RTPTransceiverInit{
			Direction: webrtc.RTPTransceiverDirectionRecvonly})
		if err != nil {
			t.Fatal(err)
		}
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-gathered
	return pc.LocalDescription().SDP
}

func postOffer(t *testing.T, url, sdp string) int {
	t.Helper()
	resp, err := http.Post(url, "application/sdp", strings.NewReader(sdp))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestVanishedViewersAreReaped starts 100 WHEP sessions whose clients never
// connect, and two that connect and then go without DELETE: all are dropped.
func TestVanishedViewersAreReaped(t *testing.T) {
	cfg := testConfig(t)
	cfg.WebRTC.ConnectTimeout = 2 * time.Second
	srv := startWith(t, cfg)
	url := "http://" + srv.Addr() + "/whep/demo"
	sdp := offerSDP(t)
	sem := make(chan struct{}, 8)
	codes := make(chan int, 100)
	for range 100 {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			resp, err := http.Post(url, "application/sdp", strings.NewReader(sdp))
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	for range 100 {
		if c := <-codes; c != http.StatusCreated {
			t.Fatalf("offer answered %d, want 201", c)
		}
	}
	for range 2 {
		seen := &mediaSeen{}
		pc := whepViewer(t, url, seen)
		if !waitUntil(10*time.Second, func() bool {
			return pc.ConnectionState() == webrtc.PeerConnectionStateConnected
		}) {
			t.Fatal("viewer did not connect")
		}
		_ = pc.Close()
	}
	started := time.Now()
	if !waitUntil(15*time.Second, func() bool { return srv.relay.Viewers() == 0 }) {
		t.Fatalf("%d viewers still held 15s after their clients vanished", srv.relay.Viewers())
	}
	t.Logf("102 vanished viewers reaped within %v", time.Since(started))
}

// TestProcessViewerLimit caps the viewers of all rooms together.
func TestProcessViewerLimit(t *testing.T) {
	cfg := testConfig(t)
	cfg.WebRTC.MaxViewersTotal = 3
	cfg.Rooms = append(cfg.Rooms, configs.Room{Name: "second", Show: "demo", Seed: 2})
	srv := startWith(t, cfg)
	sdp := offerSDP(t)
	base := "http://" + srv.Addr() + "/whep/"
	for i, room := range []string{"demo", "second", "demo"} {
		if c := postOffer(t, base+room, sdp); c != http.StatusCreated {
			t.Fatalf("viewer %d: %d, want 201", i, c)
		}
	}
	if c := postOffer(t, base+"second", sdp); c != http.StatusServiceUnavailable {
		t.Errorf("fourth viewer of the process: %d, want 503", c)
	}
}

func TestSecondSignalExitsAtOnce(t *testing.T) {
	codes := make(chan int, 1)
	stop := exitOnSecondSignal(quietLogger(t), func(code int) { codes <- code })
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-codes:
		if c != 1 {
			t.Errorf("exit code %d, want 1", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second signal did not exit")
	}
}

// TestSIGTERMDrainsViewers runs `zhubo serve` as a child process, connects a
// viewer and sends SIGTERM: the viewer's session ends and the process exits 0
// within 5 s.
func TestSIGTERMDrainsViewers(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), "ZHUBO_TEST_MAIN=1", "ZHUBO_HTTP_LISTEN=127.0.0.1:0",
		"ZHUBO_NATS_LISTEN=127.0.0.1:0", "ZHUBO_NATS_STORE_DIR="+t.TempDir(),
		"ZHUBO_WEBRTC_INCLUDE_LOOPBACK=true")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	base := readBaseURL(t, stdout)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	pc := whepViewer(t, base+"/whep/demo", &mediaSeen{})
	defer pc.Close()
	if !waitUntil(10*time.Second, func() bool {
		return pc.ConnectionState() == webrtc.PeerConnectionStateConnected
	}) {
		t.Fatal("viewer did not connect")
	}
	signalled := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("zhubo serve after SIGTERM: %v, want exit 0", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("zhubo serve still running 5s after SIGTERM")
	}
	t.Logf("exited %v after SIGTERM", time.Since(signalled))
	if !waitUntil(5*time.Second, func() bool {
		return pc.ConnectionState() != webrtc.PeerConnectionStateConnected
	}) {
		t.Error("viewer still connected after the server exited")
	}
}

var viewerLine = regexp.MustCompile(`viewer page\s+(http://\S+)/rooms/`)

// readBaseURL reads the welcome text of `zhubo serve` up to its viewer URL.
func readBaseURL(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := viewerLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				return
			}
		}
	}()
	select {
	case u := <-found:
		return strings.Replace(u, "localhost", "127.0.0.1", 1)
	case <-time.After(30 * time.Second):
		t.Fatal("zhubo serve printed no viewer URL in 30s")
	}
	return ""
}
