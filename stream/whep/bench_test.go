package whep_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

// BenchmarkJoin measures how long a pion viewer waits from creating its offer to the end of
// its first video frame: ICE gathering on both sides, the WHEP POST, ICE and DTLS over
// loopback, and the relay's cached keyframe.
func BenchmarkJoin(b *testing.B) {
	s := newTestServer(b)
	for b.Loop() {
		v, err := relaytest.NewViewer(s.api)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		offer, err := v.Offer(ctx)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		resp, err := http.Post(s.URL+"/whep/demo", "application/sdp", strings.NewReader(offer))
		if err != nil {
			b.Fatal(err)
		}
		answer := readAll(b, resp)
		if resp.StatusCode != http.StatusCreated {
			b.Fatalf("POST = %d: %s", resp.StatusCode, answer)
		}
		if err := v.Answer(answer); err != nil {
			b.Fatal(err)
		}
		waitFor(b, 10*time.Second, "first frame", func() bool { return v.VideoFrames() > 0 })
		_ = v.Close()
	}
}
