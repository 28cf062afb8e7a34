package whip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

// session is one WHIP session: a sendonly PeerConnection and the resource the endpoint made.
type session struct {
	e        *Egress
	pc       *webrtc.PeerConnection
	video    *webrtc.TrackLocalStaticSample
	audio    *webrtc.TrackLocalStaticSample
	location string // the session's URL, for DELETE

	live    atomic.Bool // connected: the tap writes
	started atomic.Bool // a keyframe has been written, so P-frames may follow
}

// push runs one session until ctx ends or the session fails; connected says it got media
// through.
func (e *Egress) push(ctx context.Context) (connected bool, err error) {
	e.attempts.Add(1)
	s, err := e.newSession()
	if err != nil {
		return false, err
	}
	defer s.pc.Close()

	ended := make(chan struct{})
	var endOnce atomic.Bool
	s.pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateConnected:
			s.live.Store(true)
			e.cfg.Room.RequestKeyFrame()
		case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed:
			if endOnce.CompareAndSwap(false, true) {
				close(ended)
			}
		}
	})
	if err := s.offer(ctx); err != nil {
		return false, err
	}
	defer s.delete()

	remove := e.cfg.Room.AddTap(s)
	defer remove()
	connected, err = s.wait(ctx, ended)
	e.connected.Store(false)
	return connected, err
}

// newSession makes the PeerConnection with sendonly H.264 and Opus tracks and reads their
// RTCP, which turns the endpoint's picture-loss requests into keyframe requests.
func (e *Egress) newSession() (*session, error) {
	pc, err := e.cfg.API.NewPeerConnection(webrtc.Configuration{ICEServers: e.cfg.ICEServers})
	if err != nil {
		return nil, fmt.Errorf("whip: new peer connection: %w", err)
	}
	s := &session{e: e, pc: pc}
	stream := "zhubo-" + e.cfg.Room.Name()
	s.video, err = webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeH264, ClockRate: 90000,
		SDPFmtpLine: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
	}, "video", stream)
	if err == nil {
		s.audio, err = webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
		}, "audio", stream)
	}
	if err != nil {
		_ = pc.Close()
		return nil, fmt.Errorf("whip: new track: %w", err)
	}
	sendonly := webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}
	for _, t := range []webrtc.TrackLocal{s.video, s.audio} {
		tr, err := pc.AddTransceiverFromTrack(t, sendonly)
		if err != nil {
			_ = pc.Close()
			return nil, fmt.Errorf("whip: add %s: %w", t.Kind(), err)
		}
		go s.readRTCP(tr.Sender())
	}
	return s, nil
}

// offer POSTs the offer with all candidates gathered and applies the answer (RFC 9725 §4.2).
func (s *session) offer(ctx context.Context) error {
	offer, err := s.pc.CreateOffer(nil)
	if err != nil {
		return fmt.Errorf("whip: create offer: %w", err)
	}
	gathered := webrtc.GatheringCompletePromise(s.pc)
	if err := s.pc.SetLocalDescription(offer); err != nil {
		return fmt.Errorf("whip: set offer: %w", err)
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return ctx.Err()
	}

	answer, location, err := s.post(ctx, s.pc.LocalDescription().SDP)
	if err != nil {
		return err
	}
	s.location = location
	desc := webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: answer}
	if err := s.pc.SetRemoteDescription(desc); err != nil {
		return fmt.Errorf("whip: set answer: %w", err)
	}
	return nil
}

func (s *session) post(ctx context.Context, offer string) (answer, location string, err error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.e.cfg.URL,
		strings.NewReader(offer))
	if err != nil {
		return "", "", fmt.Errorf("whip: %w", err)
	}
	req.Header.Set("Content-Type", "application/sdp")
	s.authorize(req)
	resp, err := s.e.cfg.Client.Do(req)
	if err != nil {
		return "", "", fmt.Errorf("whip: post offer: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", "", fmt.Errorf("whip: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusCreated {
		return "", "", fmt.Errorf("%w: %s: %.200s", ErrRejected, resp.Status, body)
	}
	loc, err := resp.Location()
	if err != nil {
		return "", "", fmt.Errorf("%w: 201 without a usable Location: %w", ErrRejected, err)
	}
	return string(body), loc.String(), nil
}

func (s *session) authorize(req *http.Request) {
	if s.e.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.e.cfg.Token)
	}
}

// wait holds the session until ctx ends or the connection ends.
func (s *session) wait(ctx context.Context, ended <-chan struct{}) (connected bool, err error) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.live.Load() && !connected {
			connected = true
			s.e.sessions.Add(1)
			s.e.connected.Store(true)
			s.e.log.Info("whip push connected")
		}
		select {
		case <-ctx.Done():
			return connected, ctx.Err()
		case <-ended:
			return connected, ErrSessionEnded
		case <-tick.C:
		}
	}
}

// delete ends the session at the endpoint (RFC 9725 §4.2); errors only matter to the log.
func (s *session) delete() {
	if s.location == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, s.location, nil)
	if err != nil {
		return
	}
	s.authorize(req)
	resp, err := s.e.cfg.Client.Do(req)
	if err != nil {
		s.e.log.Warn("whip delete", "err", err)
		return
	}
	_ = resp.Body.Close()
}

func (s *session) readRTCP(sender *webrtc.RTPSender) {
	buf := make([]byte, 1500)
	for {
		n, _, err := sender.Read(buf)
		if err != nil {
			return
		}
		pkts, err := rtcp.Unmarshal(buf[:n])
		if err != nil {
			continue
		}
		for _, p := range pkts {
			switch p.(type) {
			case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
				s.e.cfg.Room.RequestKeyFrame()
			}
		}
	}
}

// TapVideo writes a unit once connected, starting at a keyframe.
func (s *session) TapVideo(m media.Sample, keyframe bool) {
	if !s.live.Load() || (!keyframe && !s.started.Load()) {
		return
	}
	s.started.Store(true)
	if err := s.video.WriteSample(m); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		s.e.log.Debug("whip write video", "err", err)
	}
}

// TapAudio writes an Opus packet once connected.
func (s *session) TapAudio(m media.Sample) {
	if s.live.Load() {
		_ = s.audio.WriteSample(m)
	}
}
