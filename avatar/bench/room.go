package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/avatar"
	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// replyEvery is how often a room gets a viewer's reply to speak.
const replyEvery = 5 * time.Second

// room is one presenter under load and the feeder that keeps it talking.
type room struct {
	name  string
	nc    *nats.Conn
	p     *avatar.Presenter
	meter *meter
	// mu guards seq, fps and replies.
	mu      sync.Mutex
	seq     int
	fps     []float64       // frames written in each whole second after the first
	replies []time.Duration // ReplyLatency of each reply heard
}

func newRoom(name string, nc *nats.Conn, engine tts.Engine, host *render.Host,
	cfg RenderConfig, log *slog.Logger) (*room, error) {
	r, err := render.New(render.Config{Width: cfg.Width, Height: cfg.Height, Host: host})
	if err != nil {
		return nil, fmt.Errorf("room %s: %w", name, err)
	}
	m := &meter{r: r}
	p, err := avatar.NewPresenter(avatar.PresenterConfig{
		Room: name, Conn: nc, TTS: engine, Renderer: m, Sink: m, Logger: log,
		Video: encode.VideoConfig{Width: cfg.Width, Height: cfg.Height},
	})
	if err != nil {
		return nil, fmt.Errorf("room %s: %w", name, err)
	}
	return &room{name: name, nc: nc, p: p, meter: m}, nil
}

// feed keeps one script line waiting behind the one on air, as the
// director does, and sends a reply every replyEvery, until ctx is done.
func (r *room) feed(ctx context.Context) error {
	sub, err := r.nc.Subscribe(bus.PlayoutSubject(r.name), func(m *nats.Msg) {
		var p bus.Playout
		if json.Unmarshal(m.Data, &p) == nil && p.State != bus.PlayoutFinished &&
			strings.HasPrefix(p.Utterance, "s-") {
			r.say(bus.SourceScript)
		}
	})
	if err != nil {
		return fmt.Errorf("room %s: subscribe playout: %w", r.name, err)
	}
	defer sub.Unsubscribe()
	r.say(bus.SourceScript)
	r.say(bus.SourceScript)
	tick := time.NewTicker(replyEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			r.say(bus.SourceReply)
		}
	}
}

// say publishes the next canned line of a source; script IDs start with
// s, replies with r.
func (r *room) say(source string) {
	r.mu.Lock()
	r.seq++
	seq := r.seq
	r.mu.Unlock()
	u := bus.Utterance{V: bus.SchemaVersion, Room: r.name, Seq: int64(seq), Lang: "zh",
		Source: source, Scene: bus.SceneProduct, PersonalizedBy: bus.ByTemplate,
		ProductName: "夜间修护精华", Price: "¥199"}
	if source == bus.SourceReply {
		u.ID, u.Text, u.Scene = fmt.Sprintf("r-%d", seq), replyLines[seq%len(replyLines)],
			bus.SceneReply
	} else {
		u.ID, u.Text = fmt.Sprintf("s-%d", seq), scriptLines[seq%len(scriptLines)]
	}
	data, err := bus.Encode(u)
	if err == nil {
		err = r.nc.Publish(bus.UtterancesSubject(r.name), data)
	}
	if err != nil {
		slog.Warn("bench: publish utterance", "room", r.name, "err", err)
	}
}

// sample records the room's frame rate once a second until ctx is done.
func (r *room) sample(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var last avatar.PresenterStats
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		st := r.p.Stats()
		r.mu.Lock()
		if n > 0 { // the first second warms up
			r.fps = append(r.fps, float64(st.VideoFrames-last.VideoFrames))
		}
		if st.Replies > last.Replies {
			r.replies = append(r.replies, st.ReplyLatency)
		}
		r.mu.Unlock()
		last = st
	}
}

// result is what one room measured.
type result struct {
	name                 string
	fpsMin, fpsMean      float64
	encodeP50, encodeP95 time.Duration
	replyP50, replyMax   time.Duration
	replies              int
	dropped              uint64
	deadAir              time.Duration
}

func (r *room) result() result {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.p.Stats()
	enc := r.meter.encodeTimes()
	res := result{name: r.name, fpsMin: math.Inf(1), dropped: st.DroppedFrames,
		deadAir: st.DeadAir, encodeP50: Percentile(enc, 0.5), encodeP95: Percentile(enc, 0.95),
		replies: len(r.replies), replyP50: Percentile(r.replies, 0.5),
		replyMax: Percentile(r.replies, 1)}
	sum := 0.0
	for _, f := range r.fps {
		res.fpsMin = min(res.fpsMin, f)
		sum += f
	}
	if len(r.fps) == 0 {
		res.fpsMin = 0
	} else {
		res.fpsMean = sum / float64(len(r.fps))
	}
	return res
}
