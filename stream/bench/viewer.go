package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// viewer is one WHEP session of the load.
type viewer struct {
	pc       *webrtc.PeerConnection
	location string
	token    string
	err      error

	connectedAt atomic.Int64 // unix ns
	firstFrame  atomic.Int64 // unix ns: the first keyframe complete
	video       track
	audio       track
	readers     sync.WaitGroup
	stopOnce    sync.Once
}

// track counts one received track; owned by its reader goroutine, read after it ends.
type track struct {
	packets, bytes, gaps int64
	frames               int64 // packets with the marker bit: video frames completed
	newest               uint16
	inKey                bool
}

// run starts the session; errors are kept for the report.
func (v *viewer) run(ctx context.Context, api *webrtc.API, cfg WHEPConfig) {
	v.token = cfg.Token
	if err := v.start(ctx, api, cfg.URL); err != nil {
		v.err = err
	}
}

func (v *viewer) start(ctx context.Context, api *webrtc.API, url string) error {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return fmt.Errorf("new peer connection: %w", err)
	}
	v.pc = pc
	recvonly := webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}
	for _, k := range []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecTypeAudio} {
		if _, err := pc.AddTransceiverFromKind(k, recvonly); err != nil {
			return fmt.Errorf("add %s: %w", k, err)
		}
	}
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		if s == webrtc.PeerConnectionStateConnected {
			v.connectedAt.CompareAndSwap(0, time.Now().UnixNano())
		}
	})
	pc.OnTrack(func(t *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		v.readers.Add(1)
		go v.read(t)
	})
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return fmt.Errorf("create offer: %w", err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		return fmt.Errorf("set offer: %w", err)
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return ctx.Err()
	}
	answer, err := v.post(ctx, url, pc.LocalDescription().SDP)
	if err != nil {
		return err
	}
	desc := webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: answer}
	if err := pc.SetRemoteDescription(desc); err != nil {
		return fmt.Errorf("set answer: %w", err)
	}
	return nil
}

func (v *viewer) post(ctx context.Context, url, offer string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(offer))
	if err != nil {
		return "", fmt.Errorf("post: %w", err)
	}
	req.Header.Set("Content-Type", "application/sdp")
	v.authorize(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("post: %s: %.200s", resp.Status, body)
	}
	if loc, err := resp.Location(); err == nil {
		v.location = loc.String()
	}
	return string(body), nil
}

func (v *viewer) authorize(req *http.Request) {
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
}

// read counts a track's packets in a tight loop with one buffer.
func (v *viewer) read(t *webrtc.TrackRemote) {
	defer v.readers.Done()
	isVideo := t.Kind() == webrtc.RTPCodecTypeVideo
	st := &v.audio
	if isVideo {
		st = &v.video
	}
	buf := make([]byte, 1500)
	var p rtp.Packet
	for {
		n, _, err := t.Read(buf)
		if err != nil {
			return
		}
		if p.Unmarshal(buf[:n]) != nil {
			continue
		}
		st.count(&p, n)
		if isVideo {
			v.keyframeProgress(st, &p)
		}
	}
}

func (s *track) count(p *rtp.Packet, n int) {
	s.packets++
	s.bytes += int64(n)
	if p.Marker {
		s.frames++
	}
	if d := p.SequenceNumber - s.newest; s.packets == 1 || d > 0 && d < 0x8000 {
		if s.packets > 1 && d > 1 {
			s.gaps += int64(d - 1)
		}
		s.newest = p.SequenceNumber
	}
}

// keyframeProgress notes the first complete keyframe: a frame that carried an IDR slice
// (alone, in STAP-A or starting an FU-A), completed by its marker bit.
func (v *viewer) keyframeProgress(s *track, p *rtp.Packet) {
	if v.firstFrame.Load() != 0 {
		return
	}
	if hasIDR(p.Payload) {
		s.inKey = true
	}
	if p.Marker {
		if s.inKey {
			v.firstFrame.Store(time.Now().UnixNano())
		}
		s.inKey = false
	}
}

// stop ends the session with a DELETE and closes the PeerConnection.
func (v *viewer) stop() {
	v.stopOnce.Do(func() {
		if v.location != "" {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			req, err := http.NewRequestWithContext(ctx, http.MethodDelete, v.location, nil)
			if err == nil {
				v.authorize(req)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					_ = resp.Body.Close()
				}
			}
			cancel()
		}
		if v.pc != nil {
			_ = v.pc.Close()
		}
		v.readers.Wait()
	})
}
