package relay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

func TestViewerReceivesVideoAndAudio(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	v, _ := join(t, room, api)
	waitFor(t, 10*time.Second, "video and audio", func() bool {
		return v.VideoPackets() >= 50 && v.AudioPackets() >= 25
	})
	arrived, key := v.StartedOnKeyFrame()
	if !arrived || !key {
		t.Errorf("first video packet: arrived %v, keyframe %v; want a keyframe first", arrived, key)
	}
	if got := v.VideoGaps(); got != 0 {
		t.Errorf("video sequence gaps = %d, want 0", got)
	}
	st := room.Stats()
	if st.Viewers != 1 || st.Connected != 1 || st.ViewersJoined != 1 {
		t.Errorf("Stats() viewers %d connected %d joined %d, want 1 1 1",
			st.Viewers, st.Connected, st.ViewersJoined)
	}
	if st.VideoFrames == 0 || st.KeyFrames == 0 || st.AudioPackets == 0 || st.KeyFrameRequests == 0 {
		t.Errorf("Stats() = %+v, want frames, keyframes, audio and a keyframe request", st)
	}
}

func TestTenViewersAllReceive(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	viewers := make([]*relaytest.Viewer, 10)
	var wg sync.WaitGroup
	for i := range viewers {
		wg.Go(func() { viewers[i], _ = join(t, room, api) })
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if got := room.Viewers(); got != 10 {
		t.Fatalf("Viewers() = %d, want 10", got)
	}
	for i, v := range viewers {
		waitFor(t, 10*time.Second, fmt.Sprintf("viewer %d media", i), func() bool {
			return v.VideoPackets() >= 25 && v.AudioPackets() >= 25 && v.VideoKeyFrames() > 0
		})
	}
}

func TestNewViewerAndPLIRequestKeyFrame(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var requests atomic.Int64
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { requests.Add(1) }})
	newFeeder(t, room, 1000)

	v, _ := join(t, room, api)
	waitFor(t, 5*time.Second, "keyframe request on join", func() bool { return requests.Load() >= 1 })
	waitFor(t, 5*time.Second, "video", func() bool { return v.VideoPackets() > 0 })

	before := requests.Load()
	if err := v.RequestKeyFrame(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "keyframe request on PLI", func() bool {
		return requests.Load() > before
	})
}

// A viewer who joins mid-GOP gets the cached keyframe at once and nothing after it until the
// next keyframe, which its join asked for.
func TestLateViewerStartsOnCachedKeyFrame(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	var feeder *relaytest.Feeder
	var askedForKey atomic.Bool
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { askedForKey.Store(true) }})
	feeder = newFeeder(t, room, 1000)
	waitFor(t, 5*time.Second, "frames past the first keyframe", func() bool {
		return feeder.Frames() > 10
	})

	v, _ := join(t, room, api)
	waitFor(t, 5*time.Second, "cached keyframe", func() bool { return v.VideoFrames() > 0 })
	arrived, key := v.StartedOnKeyFrame()
	if !arrived || !key {
		t.Fatalf("first video packet: arrived %v, keyframe %v; want the cached keyframe", arrived, key)
	}
	// The feeder ignores the request until now: units after the cached keyframe are P-frames
	// the viewer cannot decode, so none may arrive.
	frames := feeder.Frames()
	waitFor(t, 5*time.Second, "more frames", func() bool { return feeder.Frames() > frames+5 })
	if got := v.VideoFrames(); got != 1 {
		t.Fatalf("viewer got %d frames, want only the cached keyframe before an IDR", got)
	}
	if !askedForKey.Load() {
		t.Fatal("join did not ask for a keyframe")
	}

	feeder.RequestKeyFrame()
	waitFor(t, 5*time.Second, "live video after the fresh keyframe", func() bool {
		return v.VideoFrames() > 10
	})
	if got := v.VideoGaps(); got != 0 {
		t.Errorf("video sequence gaps = %d, want 0", got)
	}
}

func TestViewerRemovedWhenPeerCloses(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	room := newRoom(t, relay.Config{API: api})
	v, _ := join(t, room, api)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "viewer removal", func() bool { return room.Viewers() == 0 })
}

func TestRemoveViewer(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	room := newRoom(t, relay.Config{API: api})
	_, id := join(t, room, api)
	if err := room.RemoveViewer(id); err != nil {
		t.Fatalf("RemoveViewer: %v", err)
	}
	if got := room.Viewers(); got != 0 {
		t.Errorf("Viewers() = %d after remove, want 0", got)
	}
	if err := room.RemoveViewer(id); !errors.Is(err, relay.ErrUnknownViewer) {
		t.Errorf("second RemoveViewer = %v, want ErrUnknownViewer", err)
	}
	err := room.AddICECandidates(id, "a=end-of-candidates\r\n")
	if !errors.Is(err, relay.ErrUnknownViewer) {
		t.Errorf("AddICECandidates after remove = %v, want ErrUnknownViewer", err)
	}
}

func TestMaxViewers(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	room := newRoom(t, relay.Config{API: api, MaxViewers: 1})
	join(t, room, api)

	v, err := relaytest.NewViewer(api)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	offer, err := v.Offer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := room.AddViewer(ctx, offer); !errors.Is(err, relay.ErrRoomFull) {
		t.Fatalf("AddViewer in a full room = %v, want ErrRoomFull", err)
	}
}

func TestBadOffer(t *testing.T) {
	checkLeaks(t)
	room := newRoom(t, relay.Config{API: loopbackAPI(t)})
	_, _, err := room.AddViewer(context.Background(), "v=0\r\nthis is not sdp\r\n")
	if !errors.Is(err, relay.ErrBadOffer) {
		t.Fatalf("AddViewer(garbage) = %v, want ErrBadOffer", err)
	}
	if got := room.Viewers(); got != 0 {
		t.Errorf("Viewers() = %d after a bad offer, want 0", got)
	}
}

func TestTrickleCandidates(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	room := newRoom(t, relay.Config{API: api})
	_, id := join(t, room, api)

	cand := "a=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n"
	if err := room.AddICECandidates(id, cand); err != nil {
		t.Errorf("AddICECandidates: %v", err)
	}
	restart := "a=ice-ufrag:someoneelse\r\na=ice-pwd:xxxxxxxxxxxxxxxxxxxxxxxx\r\n" + cand
	if err := room.AddICECandidates(id, restart); !errors.Is(err, relay.ErrICERestart) {
		t.Errorf("AddICECandidates(new ufrag) = %v, want ErrICERestart", err)
	}
	bad := "a=mid:0\r\na=candidate:garbage\r\n"
	if err := room.AddICECandidates(id, bad); !errors.Is(err, relay.ErrBadCandidate) {
		t.Errorf("AddICECandidates(garbage) = %v, want ErrBadCandidate", err)
	}
}

func TestCloseEndsViewersAndIsIdempotent(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	room, err := relay.NewRoom("demo", relay.Config{API: api, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := join(t, room, api)
	waitFor(t, 5*time.Second, "the room to see the viewer connected", func() bool {
		return room.Stats().Connected == 1
	})
	if err := room.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := room.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if got := room.Viewers(); got != 0 {
		t.Errorf("Viewers() = %d after Close, want 0", got)
	}
	if err := room.WriteAudio(silence()); !errors.Is(err, relay.ErrRoomClosed) {
		t.Errorf("WriteAudio after Close = %v, want ErrRoomClosed", err)
	}
	waitFor(t, 20*time.Second, "viewer to see the close", func() bool {
		return v.PC.ConnectionState() != webrtc.PeerConnectionStateConnected
	})
}

func silence() media.Sample {
	return media.Sample{Data: relaytest.OpusSilence, Duration: relaytest.AudioDuration}
}

// A browser that cannot receive H.264 gets an error, not a session without video.
func TestOfferWithoutH264(t *testing.T) {
	checkLeaks(t)
	room := newRoom(t, relay.Config{API: loopbackAPI(t)})

	me := &webrtc.MediaEngine{}
	vp8 := webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000},
		PayloadType:        96,
	}
	if err := me.RegisterCodec(vp8, webrtc.RTPCodecTypeVideo); err != nil {
		t.Fatal(err)
	}
	opus := webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
		},
		PayloadType: 111,
	}
	if err := me.RegisterCodec(opus, webrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	v, err := relaytest.NewViewer(webrtc.NewAPI(webrtc.WithMediaEngine(me)))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	offer, err := v.Offer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = room.AddViewer(ctx, offer)
	if !errors.Is(err, relay.ErrBadOffer) {
		t.Fatalf("AddViewer(VP8-only offer) = %v, want ErrBadOffer", err)
	}
	if !strings.Contains(err.Error(), "H.264") {
		t.Errorf("error %q does not say H.264 is needed", err)
	}
	if got := room.Viewers(); got != 0 {
		t.Errorf("Viewers() = %d, want 0", got)
	}
}
