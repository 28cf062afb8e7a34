// Package bench measures the avatar's live loop under load: how many rooms
// a machine can render, encode and voice in real time.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/metrics"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/avatar"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// warmUp is how long the rooms run before the steady CPU cost is measured.
const warmUp = 3 * time.Second

// RenderConfig sets the size of a render bench.
type RenderConfig struct {
	// Rooms is how many presenters run at once; at least 1.
	Rooms int
	// Duration is how long they run, in real time; more than a second.
	Duration time.Duration
	// Width and Height are the video size; zero means the presenter's
	// default, 540x960.
	Width, Height int
	// Logger receives the presenters' warnings; default warnings and errors to stderr.
	Logger *slog.Logger
}

// Render runs cfg.Rooms presenters in real time for cfg.Duration, each
// with the real renderer and encoders and an espeak-ng voice speaking a
// canned rotation of lines fed through an embedded nats-server, and writes
// to w a table of each room's frame rate, frame render+encode time, reply
// latency and dead air, then the process's CPU time and memory. With
// jsonOut the last line is one JSON object: rooms, fps_min (the slowest
// second of any room), fps_mean (over rooms), encode_ms_p95, and
// cpu_ms_per_frame with rooms_per_machine, which project from the CPU time
// used per frame sent, after a warm-up, how many rooms the machine's cores
// keep at 25 fps when nothing else runs on it.
func Render(ctx context.Context, cfg RenderConfig, w io.Writer, jsonOut bool) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	engine, err := tts.NewEspeak(tts.EspeakConfig{})
	if err != nil {
		return fmt.Errorf("bench render: %w", err)
	}
	srv, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: -1})
	if err != nil {
		return fmt.Errorf("bench render: %w", err)
	}
	defer srv.Close()
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		return fmt.Errorf("bench render: connect: %w", err)
	}
	defer nc.Close()

	rooms, err := openRooms(nc, engine, cfg)
	if err != nil {
		return err
	}
	before := cpuTime()
	began := time.Now()
	warm := startSteady(rooms, min(warmUp, cfg.Duration/4))
	live := runRooms(ctx, rooms, cfg.Duration)
	s := summary{rooms: len(rooms), elapsed: time.Since(began), cpu: cpuTime() - before,
		liveHeap: live}
	s.steadyCPU, s.steadyFrames = warm.stop(before)
	for _, r := range rooms {
		s.results = append(s.results, r.result())
	}
	return s.write(w, jsonOut)
}

func (cfg *RenderConfig) validate() error {
	switch {
	case cfg.Rooms < 1:
		return fmt.Errorf("%w: %d rooms, want at least 1", ErrConfig, cfg.Rooms)
	case cfg.Duration <= time.Second:
		return fmt.Errorf("%w: duration %v, want more than 1s", ErrConfig, cfg.Duration)
	}
	if cfg.Width == 0 && cfg.Height == 0 {
		cfg.Width, cfg.Height = avatar.DefaultWidth, avatar.DefaultHeight
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr,
			&slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return nil
}

// openRooms starts the presenters. They share one painted host, as the rooms
// of one server do.
func openRooms(nc *nats.Conn, engine tts.Engine, cfg RenderConfig) ([]*room, error) {
	var rooms []*room
	host := render.NewHost()
	for i := range cfg.Rooms {
		r, err := newRoom(fmt.Sprintf("bench-%d", i+1), nc, engine, host, cfg, cfg.Logger)
		if err != nil {
			for _, r := range rooms {
				r.p.Close()
			}
			return nil, err
		}
		rooms = append(rooms, r)
	}
	return rooms, nil
}

// runRooms plays the rooms for d or until ctx is done, then stops them:
// feeders and samplers first, then the presenters. It returns the live heap
// while they still ran.
func runRooms(ctx context.Context, rooms []*room, d time.Duration) uint64 {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var presenters, feeders sync.WaitGroup
	for _, r := range rooms {
		presenters.Go(func() {
			if err := r.p.Run(context.WithoutCancel(ctx)); err != nil {
				slog.Warn("bench: presenter", "room", r.name, "err", err)
			}
		})
	}
	for _, r := range rooms {
		// Feed once the presenter listens: its first frame means Run subscribed.
		feeders.Go(func() {
			if waitFrames(ctx, r.p) {
				r.feed(ctx)
			}
		})
		feeders.Go(func() { r.sample(ctx) })
	}
	<-ctx.Done()
	live := liveHeap()
	feeders.Wait()
	for _, r := range rooms {
		r.p.Close()
	}
	presenters.Wait()
	return live
}

// liveHeap is the heap the last garbage collection found reachable: the
// memory the rooms hold, without the garbage awaiting the next collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// waitFrames polls until the presenter wrote its first audio, or ctx ends.
func waitFrames(ctx context.Context, p *avatar.Presenter) bool {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for p.Stats().AudioFrames == 0 {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
	return true
}

// cpuTime is the user and system CPU time this process, its finished
// children (espeak-ng runs, exited speech workers) and its running speech
// workers have used.
func cpuTime() time.Duration {
	total := tts.WorkerCPU()
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			return 0
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

// maxRSS is the peak resident memory of this process, in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}
