package avatar

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

const (
	testRoom   = "demo"
	testWidth  = 320
	testHeight = 240
	waitLimit  = 20 * time.Second
)

// colourRenderer paints the whole frame in a shade that depends on the mouth
// and remembers the scenes it was asked to draw.
type colourRenderer struct {
	mu     sync.Mutex
	img    *image.YCbCr
	scenes []render.Scene
}

func (r *colourRenderer) Render(s render.Scene) *image.YCbCr {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.img == nil {
		r.img = image.NewYCbCr(image.Rect(0, 0, testWidth, testHeight),
			image.YCbCrSubsampleRatio420)
	}
	y := uint8(40 + 50*int(s.Pose.Mouth) + int(100*s.Pose.Open))
	for i := range r.img.Y {
		r.img.Y[i] = y
	}
	for i := range r.img.Cb {
		r.img.Cb[i], r.img.Cr[i] = 128, 128
	}
	r.scenes = append(r.scenes, s)
	return r.img
}

func (r *colourRenderer) seen(f func(render.Scene) bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.scenes, f)
}

// recordingSink keeps every sample written to it.
type recordingSink struct {
	mu           sync.Mutex
	video, audio []media.Sample
}

func (s *recordingSink) WriteVideo(m media.Sample) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.video = append(s.video, m)
	return nil
}

func (s *recordingSink) WriteAudio(m media.Sample) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audio = append(s.audio, m)
	return nil
}

func (s *recordingSink) videoSamples() []media.Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.video)
}

// audioTrace and videoTrace are what the live loop reported for one tick.
type audioTrace struct {
	tick   int64
	id     string
	offset int
	pcm    []int16
}

type videoTrace struct {
	tick   int64
	id     string
	offset int
	mouth  lipsync.Frame
}

// recorder is a tracer that keeps what every tick played and showed.
type recorder struct {
	mu     sync.Mutex
	audios []audioTrace
	videos []videoTrace
}

func (r *recorder) audio(tick int64, id string, off int, pcm []int16) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.audios = append(r.audios, audioTrace{tick, id, off, slices.Clone(pcm)})
}

func (r *recorder) video(tick int64, id string, off int, m lipsync.Frame) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.videos = append(r.videos, videoTrace{tick, id, off, m})
}

// lastTick is the stream time, in audio ticks, of the last packet played.
func (r *recorder) lastTick() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.audios) == 0 {
		return -1
	}
	return r.audios[len(r.audios)-1].tick
}

// ticksOf counts the packets played of a line.
func (r *recorder) ticksOf(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, a := range r.audios {
		if a.id == id {
			n++
		}
	}
	return n
}

func (r *recorder) traces() ([]audioTrace, []videoTrace) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.audios), slices.Clone(r.videos)
}

// failingTTS fails every request, as a broken voice would.
type failingTTS struct{}

func (failingTTS) Synthesize(context.Context, tts.Request) (tts.Speech, error) {
	return tts.Speech{}, errors.New("voice broken")
}

func (failingTTS) Name() string { return "failing" }

// harness is a presenter running against an in-process NATS server.
type harness struct {
	t        *testing.T
	nc       *nats.Conn
	p        *Presenter
	sink     *recordingSink
	render   *colourRenderer
	rec      *recorder
	playouts chan *nats.Msg
	stop     func()
}

func startNATS(t *testing.T) *nats.Conn {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		nc.Close()
		s.Shutdown()
		s.WaitForShutdown()
	})
	return nc
}

func espeak(t *testing.T) tts.Engine {
	t.Helper()
	e, err := tts.NewEspeak(tts.EspeakConfig{})
	if err != nil {
		t.Skipf("no espeak-ng: %v", err)
	}
	return e
}

// newHarness starts a presenter on engine; edit, when given, has the last
// say on its config.
func newHarness(t *testing.T, engine tts.Engine, video encode.VideoConfig,
	edit ...func(*PresenterConfig)) *harness {
	t.Helper()
	checkLeaks(t)
	h := &harness{t: t, nc: startNATS(t), sink: &recordingSink{}, render: &colourRenderer{},
		rec: &recorder{}, playouts: make(chan *nats.Msg, 64)}
	sub, err := h.nc.ChanSubscribe(bus.PlayoutSubject(testRoom), h.playouts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Unsubscribe() })
	video.Width, video.Height = testWidth, testHeight
	cfg := PresenterConfig{Room: testRoom, Conn: h.nc, TTS: engine,
		Renderer: h.render, Sink: h.sink, Video: video}
	for _, e := range edit {
		e(&cfg)
	}
	h.p, err = NewPresenter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.p.trace = h.rec
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.p.Run(ctx) }()
	h.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	t.Cleanup(func() {
		h.p.Close()
		select {
		case <-done:
		default:
		}
	})
	// The loop starts after Run subscribed on the same connection, so from
	// here on the server sees every publish after the subscriptions.
	eventually(t, "the live loop", func() bool { return h.p.Stats().AudioFrames > 0 })
	return h
}

func (h *harness) publish(subject string, v any) {
	h.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.nc.Publish(subject, data); err != nil {
		h.t.Fatal(err)
	}
	if err := h.nc.Flush(); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) say(id, source, text string) {
	h.t.Helper()
	h.publish(bus.UtterancesSubject(testRoom), bus.Utterance{V: 1, ID: id, Room: testRoom,
		Text: text, Lang: "zh", Source: source, ProductName: "夜间修护精华", Price: "¥199"})
}

func (h *harness) cue(id string, typ bus.CueType, args map[string]string) {
	h.t.Helper()
	h.publish(bus.CuesSubject(testRoom),
		bus.Cue{V: 1, ID: id, Type: typ, Room: testRoom, Args: args})
}

// next waits for the next Playout.
func (h *harness) next() bus.Playout {
	h.t.Helper()
	select {
	case m := <-h.playouts:
		var p bus.Playout
		if err := json.Unmarshal(m.Data, &p); err != nil {
			h.t.Fatal(err)
		}
		return p
	case <-time.After(waitLimit):
		h.t.Fatal("no playout message")
	}
	return bus.Playout{}
}

func (h *harness) expect(id, state string) bus.Playout {
	h.t.Helper()
	p := h.next()
	if p.Utterance != id || p.State != state {
		h.t.Fatalf("playout %s %s, want %s %s", p.Utterance, p.State, id, state)
	}
	return p
}

// checkLeaks fails the test if goroutines started during it outlive it.
func checkLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Errorf("goroutines: %d before, %d after\n%s",
					before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				return
			}
			runtime.Gosched()
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// eventually polls cond until it holds or the wait limit passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func nalTypes(au []byte) []int {
	var types []int
	for i := 0; i+3 < len(au); i++ {
		if au[i] == 0 && au[i+1] == 0 && au[i+2] == 1 {
			types = append(types, int(au[i+3]&0x1f))
			i += 3
		}
	}
	return types
}

func rms(pcm []int16) float64 {
	sum := 0.0
	for _, s := range pcm {
		sum += float64(s) * float64(s)
	}
	return math.Sqrt(sum / float64(max(1, len(pcm))))
}
