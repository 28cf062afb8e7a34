// Package bench loads WebRTC servers the way viewers do, to measure how many a server holds.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

// WHEPConfig says how to load a WHEP endpoint.
type WHEPConfig struct {
	// URL is the WHEP endpoint, e.g. http://127.0.0.1:8080/whep/demo.
	URL string
	// Viewers is how many sessions to open.
	Viewers int
	// Duration is how long to hold the sessions once the last has been started.
	Duration time.Duration
	// Ramp spreads the session starts over this long; 0 starts them all at once.
	Ramp time.Duration
	// Token, when set, is sent as "Authorization: Bearer <Token>".
	Token string
}

// ErrNoViewers is returned by WHEP for a config without viewers or URL.
var ErrNoViewers = errors.New("bench: need a URL and at least one viewer")

// WHEP opens cfg.Viewers pion sessions against any WHEP server (recvonly H.264 and Opus),
// counts what each receives for cfg.Duration, ends them with DELETE and writes a table to w;
// with jsonOut its last line is one JSON object (see Report).
func WHEP(ctx context.Context, cfg WHEPConfig, w io.Writer, jsonOut bool) error {
	if cfg.URL == "" || cfg.Viewers <= 0 {
		return ErrNoViewers
	}
	api, err := clientAPI()
	if err != nil {
		return err
	}
	viewers := make([]*viewer, cfg.Viewers)
	var wg sync.WaitGroup
	for i := range viewers {
		if err := rampWait(ctx, cfg, i); err != nil {
			break
		}
		viewers[i] = &viewer{}
		wg.Go(func() { viewers[i].run(ctx, api, cfg) })
	}
	holdCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	<-holdCtx.Done()
	cancel()
	end := time.Now()
	wg.Wait() // every session has finished signalling
	for _, v := range viewers {
		if v != nil {
			wg.Go(v.stop)
		}
	}
	wg.Wait()
	rep := report(cfg, viewers, end)
	return rep.write(w, jsonOut)
}

// rampWait waits until the i-th viewer's start time.
func rampWait(ctx context.Context, cfg WHEPConfig, i int) error {
	if cfg.Ramp <= 0 || i == 0 {
		return ctx.Err()
	}
	t := time.NewTimer(cfg.Ramp / time.Duration(cfg.Viewers))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return fmt.Errorf("bench: %w", ctx.Err())
	case <-t.C:
		return nil
	}
}

// clientAPI is lean: H.264 and Opus only, no interceptors (no NACKs, no reports), no mDNS,
// loopback candidates allowed for servers on the same host.
func clientAPI() (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	h264 := webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeH264, ClockRate: 90000,
			SDPFmtpLine:  "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
			RTCPFeedback: []webrtc.RTCPFeedback{{Type: webrtc.TypeRTCPFBNACK, Parameter: "pli"}},
		},
		PayloadType: 102,
	}
	if err := me.RegisterCodec(h264, webrtc.RTPCodecTypeVideo); err != nil {
		return nil, fmt.Errorf("bench: register h264: %w", err)
	}
	opus := webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
			SDPFmtpLine: "minptime=10;useinbandfec=1",
		},
		PayloadType: 111,
	}
	if err := me.RegisterCodec(opus, webrtc.RTPCodecTypeAudio); err != nil {
		return nil, fmt.Errorf("bench: register opus: %w", err)
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se),
		webrtc.WithInterceptorRegistry(&interceptor.Registry{})), nil
}
