package relay

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/webrtc/v4/pkg/media"
)

var (
	testSPS = []byte{0x67, 0x42, 0xe0, 0x1f, 0x8d}
	testPPS = []byte{0x68, 0xce, 0x3c, 0x80}
)

func annexB(nals ...[]byte) []byte {
	var out []byte
	for _, n := range nals {
		out = append(out, 0, 0, 0, 1)
		out = append(out, n...)
	}
	return out
}

func idrUnit(withParams bool) media.Sample {
	idr := []byte{0x65, 0x88, 0x84, 0x21}
	data := annexB(idr)
	if withParams {
		data = annexB(testSPS, testPPS, idr)
	}
	return media.Sample{Data: data, Duration: 40 * time.Millisecond}
}

func pUnit() media.Sample {
	return media.Sample{Data: annexB([]byte{0x41, 0x9a, 0x02, 0x03}), Duration: 40 * time.Millisecond}
}

// fakeViewer is a connected viewer without a PeerConnection or sender: the test reads its queue.
func fakeViewer(r *Room, queue int) *viewer {
	v := &viewer{id: "fake", queue: make(chan batch, queue), done: make(chan struct{})}
	v.connected.Store(true)
	r.live.Store(&[]*viewer{v})
	return v
}

// carries reports whether a queued video batch holds a NAL unit of type t, alone or in STAP-A.
func carries(b batch, t byte) bool {
	for _, p := range b.pkts {
		pl := p.Payload
		if len(pl) == 0 {
			continue
		}
		if pl[0]&0x1f == t {
			return true
		}
		if pl[0]&0x1f != 24 {
			continue
		}
		for i := 1; i+2 < len(pl); i += 2 + int(pl[i])<<8 | int(pl[i+1]) {
			if pl[i+2]&0x1f == t {
				return true
			}
		}
	}
	return false
}

func TestSlowViewerWaitsForNextKeyFrame(t *testing.T) {
	var requests atomic.Int64
	r, err := NewRoom("demo", Config{OnKeyFrameRequest: func() { requests.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v := fakeViewer(r, 1)

	steps := []struct {
		name      string
		sample    media.Sample
		drain     bool // empty the queue after the write
		wantQueue int
		wantReq   int64
	}{
		{"idr is queued", idrUnit(true), false, 1, 0},
		{"p-frame into a full queue is dropped", pUnit(), true, 1, 1},
		{"p-frame after a drop waits for an idr", pUnit(), false, 0, 1},
		{"idr restarts the viewer", idrUnit(true), true, 1, 1},
		{"p-frame flows again", pUnit(), false, 1, 1},
	}
	for _, s := range steps {
		if err := r.WriteVideo(s.sample); err != nil {
			t.Fatalf("%s: WriteVideo: %v", s.name, err)
		}
		if got := len(v.queue); got != s.wantQueue {
			t.Errorf("%s: queue holds %d, want %d", s.name, got, s.wantQueue)
		}
		if got := requests.Load(); got != s.wantReq {
			t.Errorf("%s: keyframe requests %d, want %d", s.name, got, s.wantReq)
		}
		if s.drain {
			for len(v.queue) > 0 {
				<-v.queue
			}
		}
	}
	if got := r.Stats().Dropped; got != 1 {
		t.Errorf("Stats().Dropped = %d, want 1", got)
	}
}

func TestKeyFrameGetsCachedParameterSets(t *testing.T) {
	r, err := NewRoom("demo", Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v := fakeViewer(r, 4)

	for _, s := range []media.Sample{idrUnit(true), pUnit(), idrUnit(false)} {
		if err := r.WriteVideo(s); err != nil {
			t.Fatal(err)
		}
	}
	first, _, last := <-v.queue, <-v.queue, <-v.queue
	for name, b := range map[string]batch{"first idr": first, "bare idr": last} {
		if !carries(b, nalSPS) || !carries(b, nalPPS) || !carries(b, nalIDR) {
			t.Errorf("%s: packets lack SPS, PPS or IDR", name)
		}
	}
}

func TestJoinStartsOnCachedKeyFrame(t *testing.T) {
	r, err := NewRoom("demo", Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.WriteVideo(idrUnit(true)); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteVideo(pUnit()); err != nil {
		t.Fatal(err)
	}

	v := fakeViewer(r, 4)
	v.connected.Store(false)
	r.startVideo(v)
	if got := len(v.queue); got != 1 || !carries(<-v.queue, nalIDR) {
		t.Fatalf("join queued %d batches, want the cached keyframe", got)
	}
	if v.videoStarted {
		t.Error("viewer started mid-GOP; want it to wait for the next IDR")
	}
	if err := r.WriteVideo(pUnit()); err != nil {
		t.Fatal(err)
	}
	if got := len(v.queue); got != 0 {
		t.Errorf("p-frame queued for a viewer waiting for an IDR")
	}
}
