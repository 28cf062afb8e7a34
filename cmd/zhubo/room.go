package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/zhubo-live/zhubo/avatar"
	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/ingest"
	"github.com/zhubo-live/zhubo/script/director"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
	"github.com/zhubo-live/zhubo/stream/relay"
	"github.com/zhubo-live/zhubo/stream/whip"
)

// room is one live room running in this process: its ingest (viewers' events),
// director (script), presenter (voice and picture) and relay room (viewers).
// Each part runs under its own context, so that stop can end them in order.
type room struct {
	name      string
	show      *show.Show
	ingest    *ingest.Ingest
	director  *director.Director
	planner   *planner.Planner
	presenter *avatar.Presenter
	relay     *relay.Room
	log       *slog.Logger

	// parts are the running goroutines, in the order stop ends them.
	parts  []*part
	remove func() // takes the relay room off the server's relay, closing it
}

// part is one goroutine of a room with its own cancel.
type part struct {
	name   string
	cancel context.CancelFunc
	done   chan struct{}
}

// run starts f under a context of its own, derived from parent's values only.
func (r *room) run(parent context.Context, name string, f func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	p := &part{name: name, cancel: cancel, done: make(chan struct{})}
	r.parts = append(r.parts, p)
	go func() {
		defer close(p.done)
		if err := f(ctx); err != nil {
			r.log.Error("room part stopped", "part", name, "err", err)
		}
	}()
}

// startRoom builds a room's parts and runs them, going on from the state an
// earlier owner of the room checkpointed, if any.
func (s *Server) startRoom(ctx context.Context, rc configs.Room) (*room, error) {
	log := s.log.With("room", rc.Name)
	sh, err := loadShow(rc.Show)
	if err != nil {
		return nil, err
	}
	pl, err := newPlanner(sh, rc.Seed)
	if err != nil {
		return nil, err
	}
	seq := s.restore(ctx, rc.Name, pl, log)
	in, err := ingest.New(ingest.Config{Conn: s.nc, Classifier: s.classifier, Logger: s.log,
		Rooms: []string{rc.Name}, ThanksIntents: true})
	if err != nil {
		return nil, err
	}
	d, err := director.New(director.Config{
		Room: rc.Name, Conn: s.nc, Planner: pl, Show: sh, Logger: s.log,
		Personalizer: s.personalizer, Seq: seq, Checkpoint: s.checkpointer(rc.Name, pl, log),
	})
	if err != nil {
		return nil, err
	}
	r := &room{name: rc.Name, show: sh, ingest: in, director: d, planner: pl, log: log}
	if err := s.startVoice(r, sh); err != nil {
		return nil, err
	}
	if err := r.start(ctx); err != nil {
		r.stop()
		return nil, err
	}
	r.run(ctx, "status", func(ctx context.Context) error { return s.publishStatus(ctx, r) })
	if rc.WHIPURL != "" {
		s.startEgress(ctx, r, rc)
	}
	log.Info("room started", "show", sh.Title, "products", len(sh.Products), "seq", seq)
	return r, nil
}

// start runs the parts in the reverse of stop's order: the voice listens
// before the director speaks, ingest classifies before the director answers.
func (r *room) start(ctx context.Context) error {
	r.run(ctx, "presenter", r.presenter.Run)
	if err := waitReady(ctx, r.presenter.Ready()); err != nil {
		return fmt.Errorf("presenter: %w", err)
	}
	r.run(ctx, "ingest", r.ingest.Run)
	if err := waitReady(ctx, r.ingest.Ready()); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	r.run(ctx, "director", r.director.Run)
	if err := waitReady(ctx, r.director.Ready()); err != nil {
		return fmt.Errorf("director: %w", err)
	}
	return nil
}

func newPlanner(sh *show.Show, seed int64) (*planner.Planner, error) {
	lib, err := phrase.LoadFS(configs.Phrases(), "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("phrase library: %w", err)
	}
	return planner.New(sh, lib, planner.Config{Seed: seed})
}

// startVoice builds the room's presenter and relay room and puts the relay room
// on the server's relay, where viewers find it.
func (s *Server) startVoice(r *room, sh *show.Show) error {
	engine, err := s.newTTS()
	if err != nil {
		return err
	}
	rend, err := render.New(render.Config{Width: s.cfg.Video.Width, Height: s.cfg.Video.Height,
		Host: s.renderHost})
	if err != nil {
		return err
	}
	var p *avatar.Presenter
	rr, err := relay.NewRoom(r.name, relay.Config{
		API:               s.api,
		MaxViewers:        s.cfg.WebRTC.MaxViewers,
		ConnectTimeout:    s.cfg.WebRTC.ConnectTimeout,
		ICEServers:        s.iceServers,
		Logger:            s.log,
		OnKeyFrameRequest: func() { p.RequestKeyFrame() },
	})
	if err != nil {
		return err
	}
	p, err = avatar.NewPresenter(avatar.PresenterConfig{
		Room: r.name, Conn: s.nc, TTS: engine, Renderer: rend, Sink: rr, Logger: s.log,
		Video: encode.VideoConfig{
			Width: s.cfg.Video.Width, Height: s.cfg.Video.Height,
			FPS: s.cfg.Video.FPS, BitrateKbps: s.cfg.Video.BitrateKbps,
		},
		Audio:         encode.AudioConfig{BitrateKbps: s.cfg.Audio.BitrateKbps},
		Speed:         personaScale(sh.Persona.Speed, tts.EspeakWPM),
		Pitch:         personaScale(sh.Persona.Pitch, tts.EspeakPitch),
		RepliesInARow: sh.Schedule.RepliesInARow,
	})
	if err != nil {
		_ = rr.Close()
		return err
	}
	r.presenter, r.relay = p, rr
	s.relay.Add(rr)
	r.remove = func() {
		// Remove only our own relay room: a newer one may have replaced it.
		if cur, ok := s.relay.Room(r.name); ok && cur == rr {
			s.relay.Remove(r.name)
		}
		_ = rr.Close()
	}
	return nil
}

// stop ends the room in order: director (no new lines), ingest, presenter
// (voice and picture), then the relay room, which ends the viewers' sessions.
func (r *room) stop() {
	order := []string{"status", "director", "ingest", "egress", "presenter"}
	for _, name := range order {
		for _, p := range r.parts {
			if p.name == name {
				p.cancel()
				<-p.done
			}
		}
	}
	if r.presenter != nil {
		_ = r.presenter.Close()
	}
	if r.remove != nil {
		r.remove()
	}
	r.log.Info("room stopped")
}

// loadShow reads a show file, or a shipped show by bare name ("demo").
func loadShow(name string) (*show.Show, error) {
	if _, err := os.Stat(name); err == nil {
		return show.Load(name)
	}
	data, err := configs.Show(name)
	if err != nil {
		return nil, fmt.Errorf("show %q: %w", name, errUnknownShow)
	}
	return show.Parse(data, name+".yaml")
}

// errUnknownShow marks a show that is neither a file nor shipped.
var errUnknownShow = errors.New("no such file and no shipped show of that name")

// personaScale turns a persona's espeak-ng rate or pitch into a scale of the
// engine's default; 0 keeps the default.
func personaScale(v, def int) float64 {
	if v == 0 {
		return 1
	}
	return float64(v) / float64(def)
}

// waitReady waits until a component has subscribed to its subjects, so that
// Start returns only when the room answers what arrives on the bus.
func waitReady(ctx context.Context, ready <-chan struct{}) error {
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errors.New("not subscribed after 10s")
	}
}

// newTTS builds the configured speech engine.
func (s *Server) newTTS() (tts.Engine, error) {
	c := s.cfg.TTS
	if c.Engine == "openai" {
		return tts.NewOpenAISpeech(tts.OpenAISpeechConfig{
			BaseURL: c.BaseURL, Model: c.Model, Voice: c.Voice, APIKey: c.APIKey,
		})
	}
	return tts.NewEspeak(tts.EspeakConfig{Binary: c.Binary})
}

// startEgress pushes the room to an external WHIP endpoint for as long as the
// room runs, reconnecting with backoff; a failing endpoint never stops the room.
func (s *Server) startEgress(ctx context.Context, r *room, rc configs.Room) {
	eg, err := whip.New(whip.Config{URL: rc.WHIPURL, Token: rc.WHIPToken, Room: r.relay,
		ICEServers: s.iceServers, Logger: r.log})
	if err != nil {
		r.log.Error("whip egress", "err", err)
		return
	}
	r.run(ctx, "egress", eg.Run)
}
