package relay_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/pion/ice/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

// With one UDP mux, every viewer's answer offers the same host port and media still flows.
func TestViewersShareOneUDPPort(t *testing.T) {
	checkLeaks(t)
	mux, err := ice.NewMultiUDPMuxFromPort(0, ice.UDPMuxFromPortWithLoopback(),
		ice.UDPMuxFromPortWithNetworks(ice.NetworkTypeUDP4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mux.Close() })
	api, err := relay.NewAPI(relay.NetConfig{UDPMux: mux, IncludeLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	var feeder *relaytest.Feeder
	room := newRoom(t, relay.Config{API: api, OnKeyFrameRequest: func() { feeder.RequestKeyFrame() }})
	feeder = newFeeder(t, room, 50)

	clientAPI := loopbackAPI(t)
	loopbackPort := regexp.MustCompile(`a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host`)
	ports := map[string]bool{}
	for range 3 {
		v, err := relaytest.NewViewer(clientAPI)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = v.Close() })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		offer, err := v.Offer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		answer, _, err := room.AddViewer(ctx, offer)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		m := loopbackPort.FindStringSubmatch(answer)
		if m == nil {
			t.Fatalf("answer has no loopback host candidate:\n%s", answer)
		}
		ports[m[1]] = true
		if err := v.Answer(answer); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "media through the mux", func() bool {
			return v.VideoFrames() > 5 && v.AudioPackets() > 5
		})
	}
	if len(ports) != 1 {
		t.Errorf("viewers were offered loopback ports %v, want one shared port", ports)
	}
}
