package relaytest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// Viewer plays a room from a pion PeerConnection with recvonly video and audio, and counts
// the RTP packets it receives.
type Viewer struct {
	PC *webrtc.PeerConnection

	video, audio trackStats
	videoSSRC    atomic.Uint32
	connected    chan struct{}
	connOnce     sync.Once
	wg           sync.WaitGroup
}

// trackStats counts one received track.
type trackStats struct {
	packets   atomic.Int64
	gaps      atomic.Int64 // sequence numbers skipped
	keyframes atomic.Int64 // packets that carry an SPS or an IDR slice start
	firstKey  atomic.Int32 // 1: the first packet carried a keyframe, 2: it did not
}

// NewViewer makes a viewer's PeerConnection from api.
func NewViewer(api *webrtc.API) (*Viewer, error) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, fmt.Errorf("new peer connection: %w", err)
	}
	v := &Viewer{PC: pc, connected: make(chan struct{})}
	recvonly := webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}
	for _, kind := range []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecTypeAudio} {
		if _, err := pc.AddTransceiverFromKind(kind, recvonly); err != nil {
			_ = pc.Close()
			return nil, fmt.Errorf("add %s transceiver: %w", kind, err)
		}
	}
	pc.OnTrack(func(t *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		v.wg.Add(1)
		go v.read(t)
	})
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		if s == webrtc.PeerConnectionStateConnected {
			v.connOnce.Do(func() { close(v.connected) })
		}
	})
	return v, nil
}

// Offer returns the viewer's SDP offer with its ICE candidates gathered.
func (v *Viewer) Offer(ctx context.Context) (string, error) {
	offer, err := v.PC.CreateOffer(nil)
	if err != nil {
		return "", fmt.Errorf("create offer: %w", err)
	}
	gathered := webrtc.GatheringCompletePromise(v.PC)
	if err := v.PC.SetLocalDescription(offer); err != nil {
		return "", fmt.Errorf("set offer: %w", err)
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return "", fmt.Errorf("gather candidates: %w", ctx.Err())
	}
	return v.PC.LocalDescription().SDP, nil
}

// Answer applies the server's SDP answer.
func (v *Viewer) Answer(sdp string) error {
	desc := webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sdp}
	if err := v.PC.SetRemoteDescription(desc); err != nil {
		return fmt.Errorf("set answer: %w", err)
	}
	return nil
}

// Connected is closed once the PeerConnection has connected.
func (v *Viewer) Connected() <-chan struct{} { return v.connected }

// VideoPackets returns the number of video RTP packets received.
func (v *Viewer) VideoPackets() int64 { return v.video.packets.Load() }

// AudioPackets returns the number of audio RTP packets received.
func (v *Viewer) AudioPackets() int64 { return v.audio.packets.Load() }

// VideoKeyFrames returns the number of received video packets that carry an SPS or begin an
// IDR slice.
func (v *Viewer) VideoKeyFrames() int64 { return v.video.keyframes.Load() }

// VideoGaps returns how many video sequence numbers were skipped between received packets.
func (v *Viewer) VideoGaps() int64 { return v.video.gaps.Load() }

// StartedOnKeyFrame reports whether any video arrived and its first packet was a keyframe's.
func (v *Viewer) StartedOnKeyFrame() (arrived, key bool) {
	first := v.video.firstKey.Load()
	return first != 0, first == 1
}

// RequestKeyFrame sends a PLI for the received video track.
func (v *Viewer) RequestKeyFrame() error {
	ssrc := v.videoSSRC.Load()
	if ssrc == 0 {
		return fmt.Errorf("request keyframe: no video received yet")
	}
	pli := &rtcp.PictureLossIndication{MediaSSRC: ssrc}
	if err := v.PC.WriteRTCP([]rtcp.Packet{pli}); err != nil {
		return fmt.Errorf("request keyframe: %w", err)
	}
	return nil
}

// Close ends the PeerConnection and waits for the track readers.
func (v *Viewer) Close() error {
	err := v.PC.Close()
	v.wg.Wait()
	return err
}

func (v *Viewer) read(t *webrtc.TrackRemote) {
	defer v.wg.Done()
	stats := &v.audio
	isVideo := t.Kind() == webrtc.RTPCodecTypeVideo
	if isVideo {
		stats = &v.video
		v.videoSSRC.Store(uint32(t.SSRC()))
	}
	var last uint16
	for {
		p, _, err := t.ReadRTP()
		if err != nil {
			return
		}
		stats.count(p, last, isVideo)
		last = p.SequenceNumber
	}
}

func (s *trackStats) count(p *rtp.Packet, last uint16, isVideo bool) {
	n := s.packets.Add(1)
	if n > 1 {
		if d := p.SequenceNumber - last; d > 1 && d < 0x8000 {
			s.gaps.Add(int64(d - 1))
		}
	}
	if !isVideo {
		return
	}
	key := isH264KeyPacket(p.Payload)
	if key {
		s.keyframes.Add(1)
	}
	if n == 1 {
		first := int32(2)
		if key {
			first = 1
		}
		s.firstKey.Store(first)
	}
}

// isH264KeyPacket reports whether an RTP payload (RFC 6184) carries an SPS or the start of an
// IDR slice.
func isH264KeyPacket(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	switch t := b[0] & 0x1f; t {
	case 5, 7:
		return true
	case 24: // STAP-A: 16-bit sizes, then NAL units
		for i := 1; i+2 < len(b); {
			size := int(b[i])<<8 | int(b[i+1])
			if i+2 < len(b) {
				if nt := b[i+2] & 0x1f; nt == 5 || nt == 7 {
					return true
				}
			}
			i += 2 + size
		}
	case 28: // FU-A: start bit and type in the FU header
		return b[1]&0x80 != 0 && b[1]&0x1f == 5
	}
	return false
}
