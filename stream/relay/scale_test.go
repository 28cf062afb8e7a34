package relay_test

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

func clientAPI(t testing.TB, cfg relaytest.ClientConfig) *webrtc.API {
	t.Helper()
	api, err := relaytest.NewClientAPI(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// joinAll connects n viewers from clients, a few at a time.
func joinAll(t *testing.T, room *relay.Room, clients *webrtc.API, n int) []*relaytest.Viewer {
	t.Helper()
	viewers := make([]*relaytest.Viewer, n)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range viewers {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			viewers[i], _ = joinWithin(t, room, clients, time.Minute)
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return viewers
}

// firstFrameDelays returns the viewers' times from connecting to a complete keyframe, sorted.
func firstFrameDelays(viewers []*relaytest.Viewer) []time.Duration {
	var ds []time.Duration
	for _, v := range viewers {
		if d, ok := v.FirstKeyFrameDelay(); ok {
			ds = append(ds, d)
		}
	}
	slices.Sort(ds)
	return ds
}

func TestFiftyViewersAllReceive(t *testing.T) {
	if testing.Short() {
		t.Skip("50 peers: not in -short")
	}
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	viewers := joinAll(t, room, clientAPI(t, relaytest.ClientConfig{}), 50)
	start := feeder.Frames()
	waitFor(t, 20*time.Second, "3 s of media", func() bool { return feeder.Frames() >= start+75 })
	for i, v := range viewers {
		if got := v.VideoFrames(); got < 50 {
			t.Errorf("viewer %d: %d video frames in 3 s, want at least 50", i, got)
		}
		if got := v.AudioPackets(); got < 100 {
			t.Errorf("viewer %d: %d audio packets in 3 s, want at least 100", i, got)
		}
		if got := v.VideoGaps(); got != 0 {
			t.Errorf("viewer %d: %d video packets lost", i, got)
		}
	}
	ds := firstFrameDelays(viewers)
	if len(ds) != len(viewers) {
		t.Fatalf("%d of %d viewers had a complete keyframe", len(ds), len(viewers))
	}
	t.Logf("connected to first keyframe: p50 %v, p95 %v, max %v",
		ds[len(ds)/2], ds[len(ds)*95/100], ds[len(ds)-1])
	if st := room.Stats(); st.EgressPackets == 0 || st.EgressBytes == 0 {
		t.Errorf("Stats() egress %d packets %d bytes, want both counted",
			st.EgressPackets, st.EgressBytes)
	}
}

// A viewer joining mid-GOP has a complete keyframe soon after it connects: the cached one.
func TestFirstFrameSoonAfterConnect(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 250)
	waitFor(t, 5*time.Second, "a keyframe to cache", func() bool { return room.Stats().KeyFrames > 0 })

	viewers := joinAll(t, room, clientAPI(t, relaytest.ClientConfig{}), 5)
	waitFor(t, 5*time.Second, "first keyframes", func() bool {
		return len(firstFrameDelays(viewers)) == len(viewers)
	})
	ds := firstFrameDelays(viewers)
	t.Logf("connected to first keyframe: %v", ds)
	// Generous: the cached keyframe goes out when ICE and DTLS are up; 500 ms is the target.
	if worst := ds[len(ds)-1]; worst > 3*time.Second {
		t.Errorf("slowest first keyframe %v after connecting, want well under 3 s", worst)
	}
}

// A viewer that stops reading loses its own packets only: the others see no loss.
func TestStalledViewerDoesNotHurtOthers(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	viewers := joinAll(t, room, clientAPI(t, relaytest.ClientConfig{}), 5)
	stalled, others := viewers[0], viewers[1:]
	stalled.Stall(true)
	start := feeder.Frames()
	before := make([]int64, len(others))
	for i, v := range others {
		before[i] = v.VideoFrames()
	}
	waitFor(t, 10*time.Second, "2 s of media", func() bool { return feeder.Frames() >= start+50 })
	for i, v := range others {
		if got := v.VideoFrames() - before[i]; got < 40 {
			t.Errorf("viewer %d: %d frames while another stalled, want about 50", i+1, got)
		}
		if got := v.VideoGaps(); got != 0 {
			t.Errorf("viewer %d: %d video packets lost while another stalled", i+1, got)
		}
	}
	stalled.Stall(false)
	frames := stalled.VideoFrames()
	waitFor(t, 10*time.Second, "the stalled viewer to play again", func() bool {
		return stalled.VideoFrames() > frames+10
	})
}

// A viewer that loses packets gets them again from the room's shared history.
func TestNACKAnsweredFromRoomHistory(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	lossy := clientAPI(t, relaytest.ClientConfig{NACK: true, DropEvery: 10})
	v, _ := join(t, room, lossy)
	clean, _ := join(t, room, clientAPI(t, relaytest.ClientConfig{NACK: true}))
	t.Cleanup(func() {
		t.Logf("lossy viewer: gaps %d late %d; room %+v", v.VideoGaps(), v.VideoLate(), room.Stats())
	})
	waitFor(t, 10*time.Second, "retransmissions", func() bool {
		return v.VideoLate() >= 10 && room.Stats().Retransmitted >= 10
	})
	st := room.Stats()
	if st.NACKs == 0 || st.NACKedPackets < st.Retransmitted {
		t.Errorf("Stats() NACKs %d asked %d retransmitted %d: want NACKs, asked ≥ retransmitted",
			st.NACKs, st.NACKedPackets, st.Retransmitted)
	}
	if got := clean.VideoGaps(); got != 0 {
		t.Errorf("the clean viewer lost %d packets", got)
	}
	if got := clean.VideoLate(); got != 0 {
		t.Errorf("the clean viewer got %d retransmissions meant for another", got)
	}
}

// Viewers whose network vanishes without a DELETE are dropped after the ICE timeouts, and
// their memory is returned.
func TestVanishedViewersAreReaped(t *testing.T) {
	if testing.Short() {
		t.Skip("100 peers: not in -short")
	}
	checkLeaks(t)
	api, err := relay.NewAPI(relay.NetConfig{
		IncludeLoopback: true, ICEDisconnectedTimeout: time.Second, ICEFailedTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	room := newRoom(t, relay.Config{API: api})
	heapBefore := heapInUse()

	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	mux := ice.NewUDPMuxDefault(ice.UDPMuxParams{UDPConn: conn})
	clients := clientAPI(t, relaytest.ClientConfig{UDPMux: mux})
	var viewers []*relaytest.Viewer
	closeAll := func() {
		for _, v := range viewers {
			_ = v.Close()
		}
		viewers = nil // let the clients' memory go, to see the relay's
	}
	t.Cleanup(closeAll)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for range 100 {
		v, _, err := connect(ctx, room, clients)
		if v != nil {
			viewers = append(viewers, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, time.Minute, "100 connected", func() bool { return room.Stats().Connected == 100 })
	heapFull := heapInUse()

	_ = mux.Close() // every client goes silent at once, without a DELETE or a DTLS close
	waitFor(t, 30*time.Second, "the room to reap its viewers", func() bool {
		return room.Viewers() == 0
	})
	closeAll()
	// pion's goroutines let go of the last sessions shortly after Close returns.
	limit := heapBefore + (heapFull-heapBefore)/4
	var heapAfter uint64
	deadline := time.Now().Add(15 * time.Second)
	for heapAfter = heapInUse(); heapAfter > limit && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond) // poll interval
		heapAfter = heapInUse()
	}
	t.Logf("heap in use: %d MiB before, %d MiB with 100 viewers (clients included), %d MiB after",
		heapBefore>>20, heapFull>>20, heapAfter>>20)
	if heapAfter > limit {
		t.Errorf("heap %d MiB after reaping, want it back near %d MiB", heapAfter>>20, heapBefore>>20)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// With an ICE-TCP mux, a viewer that can only use TCP still plays.
func TestICETCPFallback(t *testing.T) {
	checkLeaks(t)
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	api, err := relay.NewAPI(relay.NetConfig{IncludeLoopback: true, TCPListener: ln})
	if err != nil {
		t.Fatal(err)
	}
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	v, _ := join(t, room, clientAPI(t, relaytest.ClientConfig{TCPOnly: true}))
	waitFor(t, 10*time.Second, "media over TCP", func() bool {
		return v.VideoFrames() > 10 && v.AudioPackets() > 10
	})
	pair, err := selectedPair(v.PC)
	if err != nil {
		t.Fatal(err)
	}
	if pair.Local.Protocol != webrtc.ICEProtocolTCP {
		t.Errorf("selected pair %v, want TCP", pair)
	}
}

func selectedPair(pc *webrtc.PeerConnection) (*webrtc.ICECandidatePair, error) {
	sctp := pc.SCTP()
	if sctp == nil {
		for _, tr := range pc.GetTransceivers() {
			if r := tr.Receiver(); r != nil {
				return r.Transport().ICETransport().GetSelectedCandidatePair()
			}
		}
		return nil, fmt.Errorf("no transport")
	}
	return sctp.Transport().ICETransport().GetSelectedCandidatePair()
}

func TestParseICEServers(t *testing.T) {
	got, err := relay.ParseICEServers([]string{
		"stun:stun.example.net:3478", "turn:ann:s3cret@turn.example.net:3478?transport=tcp",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].URLs[0] != "stun:stun.example.net:3478" || got[0].Username != "" {
		t.Errorf("stun server = %+v", got)
	}
	turn := got[1]
	if turn.URLs[0] != "turn:turn.example.net:3478?transport=tcp" || turn.Username != "ann" ||
		turn.Credential != "s3cret" {
		t.Errorf("turn server = %+v", turn)
	}
	for _, bad := range []string{"", "http://x", "turn:host:3478", "stun:u:p@host", "turn:@host"} {
		if _, err := relay.ParseICEServers([]string{bad}); err == nil {
			t.Errorf("ParseICEServers(%q) = nil error", bad)
		}
	}
}
