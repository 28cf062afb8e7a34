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
	"github.com/zhubo-live/zhubo/script/director"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
	"github.com/zhubo-live/zhubo/stream/relay"
)

// room is one live room in this process: its director (script), presenter
// (voice and picture) and relay room (viewers).
type room struct {
	name      string
	show      *show.Show
	director  *director.Director
	presenter *avatar.Presenter
	relay     *relay.Room
	log       *slog.Logger
}

func (s *Server) startRoom(ctx context.Context, rc configs.Room) (*room, error) {
	log := s.log.With("room", rc.Name)
	sh, err := loadShow(rc.Show)
	if err != nil {
		return nil, err
	}
	lib, err := phrase.LoadFS(configs.Phrases(), "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("phrase library: %w", err)
	}
	pl, err := planner.New(sh, lib, planner.Config{Seed: rc.Seed})
	if err != nil {
		return nil, err
	}
	d, err := director.New(director.Config{
		Room: rc.Name, Conn: s.nc, Planner: pl, Show: sh, Logger: s.log,
		Personalizer: s.personalizer,
	})
	if err != nil {
		return nil, err
	}
	r := &room{name: rc.Name, show: sh, director: d, log: log}
	if err := s.startVoice(ctx, r, sh); err != nil {
		return nil, err
	}
	s.goRun("director", func() error { return d.Run(ctx) })
	if err := waitReady(ctx, d.Ready()); err != nil {
		return nil, fmt.Errorf("director: %w", err)
	}
	log.Info("room started", "show", sh.Title, "products", len(sh.Products))
	return r, nil
}

// startVoice builds the room's presenter and relay room.
func (s *Server) startVoice(ctx context.Context, r *room, sh *show.Show) error {
	engine, err := tts.NewEspeak(tts.EspeakConfig{Binary: s.cfg.TTS.Binary})
	if err != nil {
		return err
	}
	rend, err := render.New(render.Config{Width: s.cfg.Video.Width, Height: s.cfg.Video.Height})
	if err != nil {
		return err
	}
	var p *avatar.Presenter
	rr, err := relay.NewRoom(r.name, relay.Config{
		API:               s.api,
		MaxViewers:        s.cfg.WebRTC.MaxViewers,
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
		Audio: encode.AudioConfig{BitrateKbps: s.cfg.Audio.BitrateKbps},
		Speed: personaScale(sh.Persona.Speed, 175), Pitch: personaScale(sh.Persona.Pitch, 50),
	})
	if err != nil {
		rr.Close()
		return err
	}
	r.presenter, r.relay = p, rr
	s.relay.Add(rr)
	s.goRun("presenter", func() error { return p.Run(ctx) })
	return nil
}

// loadShow reads a show file, or a shipped show by bare name ("demo").
func loadShow(name string) (*show.Show, error) {
	if _, err := os.Stat(name); err == nil {
		return show.Load(name)
	}
	data, err := configs.Show(name)
	if err != nil {
		return nil, fmt.Errorf("show %q: no such file and no shipped show of that name", name)
	}
	return show.Parse(data, name+".yaml")
}

func (r *room) close() {
	if r.relay != nil {
		_ = r.relay.Close()
	}
}

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
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(10 * time.Second):
		return errors.New("not subscribed after 10s")
	}
}
