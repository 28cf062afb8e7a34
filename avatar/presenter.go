// Package avatar is the live loop of a room's virtual host: it takes the
// utterances the script publishes, speaks them, moves the host's mouth with
// the speech and streams the result as H.264 and Opus samples.
package avatar

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/tts"
)

// Media timing: Opus packets of 20 ms, video at 25 fps (two packets per frame).
const (
	sampleRate    = encode.AudioSampleRate
	audioTick     = 20 * time.Millisecond
	ticksPerFrame = 2
	videoFPS      = int(time.Second / (ticksPerFrame * audioTick))
	frameSamples  = encode.AudioFrameSamples
)

// Default video size of the presenter, a portrait live-room frame.
const (
	DefaultWidth  = 540
	DefaultHeight = 960
)

// PresenterConfig wires a Presenter to its room.
type PresenterConfig struct {
	// Room names the room; its utterances and cues arrive on its subjects.
	Room string
	// Conn is the NATS connection to the room's bus.
	Conn *nats.Conn
	// TTS speaks the lines.
	TTS tts.Engine
	// Renderer draws the host.
	Renderer Renderer
	// Sink receives the encoded media.
	Sink Sink
	// Video configures the H.264 encoder; the size defaults to 540x960 and
	// must match the renderer's frames. FPS is always 25.
	Video encode.VideoConfig
	// Audio configures the Opus encoder.
	Audio encode.AudioConfig
	// Logger receives lifecycle and degraded-service messages; default slog.Default.
	Logger *slog.Logger
	// Speed and Pitch scale the voice; 0 means 1 (normal).
	Speed, Pitch float64
	// ClauseTimeout is how long a streaming line waits for its next Clause
	// before it ends with what it has; 0 means DefaultClauseTimeout.
	ClauseTimeout time.Duration
	// RepliesInARow is how many replies go on air in a row while a script
	// line waits; the script line then plays whole, replies waiting behind
	// it. 0 means DefaultRepliesInARow.
	RepliesInARow int
}

// DefaultRepliesInARow is the replies said in a row before a waiting script
// line gets its turn.
const DefaultRepliesInARow = 2

// Presenter runs one room's host: a real-time loop that plays queued lines
// and idles between them, never stopping the audio or video track. Lines
// are synthesized clause by clause and go on air with their first clause.
// A reply or cue line is synthesized the moment it arrives and, once ready,
// cuts the script line on air at its next pause (within 400 ms, else with
// a 30 ms fade), which is then reported skipped.
type Presenter struct {
	cfg   PresenterConfig
	log   *slog.Logger
	queue *lineQueue
	video *encode.Video
	audio *encode.Audio
	stats stats
	key   keyFrames
	warn  warnLimiter
	// trace, when set by tests, observes what each tick plays and shows.
	trace tracer

	// ready is closed once Run has subscribed to the room.
	ready chan struct{}

	// streamsMu guards streams, the streaming lines still taking Clauses.
	streamsMu sync.Mutex
	streams   map[string]*line

	// mu guards cancel, done and closed.
	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	closed  bool
	release sync.Once
}

// Ready is closed once Run has subscribed to the room's utterances and cues,
// so a director started after it loses no line.
func (p *Presenter) Ready() <-chan struct{} { return p.ready }

// NewPresenter checks cfg and opens the encoders; Run starts the room.
func NewPresenter(cfg PresenterConfig) (*Presenter, error) {
	switch {
	case cfg.Room == "":
		return nil, fmt.Errorf("%w: no room", ErrConfig)
	case cfg.Conn == nil:
		return nil, fmt.Errorf("%w: room %q: no NATS connection", ErrConfig, cfg.Room)
	case cfg.TTS == nil || cfg.Renderer == nil || cfg.Sink == nil:
		return nil, fmt.Errorf("%w: room %q: TTS, Renderer and Sink are required",
			ErrConfig, cfg.Room)
	}
	if cfg.Video.Width == 0 && cfg.Video.Height == 0 {
		cfg.Video.Width, cfg.Video.Height = DefaultWidth, DefaultHeight
	}
	cfg.Video.FPS = videoFPS
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ClauseTimeout <= 0 {
		cfg.ClauseTimeout = DefaultClauseTimeout
	}
	if cfg.RepliesInARow <= 0 {
		cfg.RepliesInARow = DefaultRepliesInARow
	}
	video, err := encode.NewVideo(cfg.Video)
	if err != nil {
		return nil, fmt.Errorf("room %q: %w", cfg.Room, err)
	}
	audio, err := encode.NewAudio(cfg.Audio)
	if err != nil {
		video.Close()
		return nil, fmt.Errorf("room %q: %w", cfg.Room, err)
	}
	return &Presenter{
		cfg:     cfg,
		log:     cfg.Logger.With("room", cfg.Room),
		queue:   newLineQueue(),
		ready:   make(chan struct{}),
		streams: map[string]*line{},
		video:   video,
		audio:   audio,
		warn:    warnLimiter{every: 10 * time.Second},
	}, nil
}

// RequestKeyFrame asks for an IDR frame soon, for a new viewer or a picture
// loss report. Requests are merged: at most one forced keyframe per 500 ms.
func (p *Presenter) RequestKeyFrame() { p.key.request() }

// Stats reports how the live loop is doing.
func (p *Presenter) Stats() PresenterStats {
	s := p.stats.snapshot()
	s.Queued = p.queue.len()
	return s
}

// Close stops a running presenter, waits for Run to return and frees the
// encoders. It is safe to call more than once and from any goroutine.
func (p *Presenter) Close() error {
	p.mu.Lock()
	p.closed = true
	cancel, done := p.cancel, p.done
	p.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return p.releaseEncoders()
}

func (p *Presenter) releaseEncoders() error {
	var err error
	p.release.Do(func() {
		verr, aerr := p.video.Close(), p.audio.Close()
		if verr != nil {
			err = verr
		} else {
			err = aerr
		}
	})
	return err
}
