package relaytest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

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
	connectedAt  atomic.Int64 // unix nanoseconds when the PeerConnection connected
	// stall, while set, makes the track readers stop reading, as a frozen client would.
	stall atomic.Bool
	wg    sync.WaitGroup
}

// trackStats counts one received track.
type trackStats struct {
	packets   atomic.Int64
	frames    atomic.Int64 // packets with the marker bit: the last of a video frame
	gaps      atomic.Int64 // sequence numbers skipped
	late      atomic.Int64 // packets older than the newest: retransmissions of a gap
	keyframes atomic.Int64 // packets that carry an SPS or an IDR slice start
	firstKey  atomic.Int32 // 1: the first packet carried a keyframe, 2: it did not
	// keyDoneAt is when the first keyframe was complete (its marker bit arrived), unix ns.
	keyDoneAt atomic.Int64
	inKey     bool   // the current frame carries a keyframe; owned by the reader
	newest    uint16 // the newest sequence number received; owned by the reader
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
			v.connOnce.Do(func() {
				v.connectedAt.Store(time.Now().UnixNano())
				close(v.connected)
			})
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

// VideoFrames returns the number of complete video frames received (RTP marker bits).
func (v *Viewer) VideoFrames() int64 { return v.video.frames.Load() }

// VideoKeyFrames returns the number of received video packets that carry an SPS or begin an
// IDR slice.
func (v *Viewer) VideoKeyFrames() int64 { return v.video.keyframes.Load() }

// VideoGaps returns how many video sequence numbers were skipped between received packets.
func (v *Viewer) VideoGaps() int64 { return v.video.gaps.Load() }

// VideoLate returns how many video packets arrived after a newer one: retransmissions that
// filled a gap.
func (v *Viewer) VideoLate() int64 { return v.video.late.Load() }

// FirstKeyFrameDelay returns the time from the PeerConnection connecting to the end of the
// first complete keyframe, once there has been one.
func (v *Viewer) FirstKeyFrameDelay() (time.Duration, bool) {
	done, conn := v.video.keyDoneAt.Load(), v.connectedAt.Load()
	if done == 0 || conn == 0 {
		return 0, false
	}
	return time.Duration(done - conn), true
}

// Stall makes the viewer stop reading its tracks (true) or read again (false), as a frozen
// client would: its receive buffers fill and packets are lost, while its connection lives.
func (v *Viewer) Stall(on bool) { v.stall.Store(on) }

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
	buf := make([]byte, 1500)
	var p rtp.Packet
	for {
		for v.stall.Load() {
			if v.PC.ConnectionState() == webrtc.PeerConnectionStateClosed {
				return
			}
			time.Sleep(10 * time.Millisecond) // poll interval of a frozen client
		}
		n, _, err := t.Read(buf)
		if err != nil {
			return
		}
		if p.Unmarshal(buf[:n]) != nil {
			continue
		}
		stats.count(&p, isVideo)
	}
}

func (s *trackStats) count(p *rtp.Packet, isVideo bool) {
	n := s.packets.Add(1)
	switch d := p.SequenceNumber - s.newest; {
	case n == 1 || d > 0 && d < 0x8000:
		if n > 1 && d > 1 {
			s.gaps.Add(int64(d - 1))
		}
		s.newest = p.SequenceNumber
	case d != 0:
		s.late.Add(1)
	}
	if !isVideo {
		if p.Marker {
			s.frames.Add(1)
		}
		return
	}
	key := isH264KeyPacket(p.Payload)
	if key {
		s.keyframes.Add(1)
		s.inKey = true
	}
	if n == 1 {
		first := int32(2)
		if key {
			first = 1
		}
		s.firstKey.Store(first)
	}
	if p.Marker {
		s.frames.Add(1)
		if s.inKey && s.keyDoneAt.Load() == 0 {
			s.keyDoneAt.Store(time.Now().UnixNano())
		}
		s.inKey = false
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
