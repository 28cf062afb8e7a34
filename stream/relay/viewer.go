package relay

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// viewer is one WebRTC session watching a room.
type viewer struct {
	id    string
	pc    *webrtc.PeerConnection
	video *outTrack
	audio *outTrack
	log   *slog.Logger

	// connected is set once ICE and DTLS are up; media is only written from then on.
	connected atomic.Bool
	// videoStarted says the viewer has had a keyframe to decode from; guarded by Room.videoMu.
	videoStarted bool
	// connectTimer drops the viewer if it never connects.
	connectTimer *time.Timer
	// seat is the viewer's place under the process-wide viewer limit; nil if it has none.
	seat *viewerLimit

	// queue carries packetised samples to the viewer's sender goroutine, so a slow viewer
	// never holds up the encoder or the other viewers.
	queue     chan batch
	done      chan struct{} // closed to stop the sender
	closeOnce sync.Once
}

// batch is one packetised sample. Its packets are shared by all viewers and never modified.
type batch struct {
	pkts  []*rtp.Packet
	video bool
}

// queueLength holds about a second of media (25 video and 50 audio samples a second).
const queueLength = 96

// enqueue hands b to the sender unless the viewer's queue is full.
func (v *viewer) enqueue(b batch) bool {
	select {
	case v.queue <- b:
		return true
	default:
		return false
	}
}

// send writes v's queued samples until it closes, counting what leaves in the room's stats.
func (r *Room) send(v *viewer) {
	defer r.wg.Done()
	for {
		select {
		case <-v.done:
			return
		case b := <-v.queue:
			t := v.audio
			if b.video {
				t = v.video
			}
			bytes, packets := t.write(b.pkts)
			r.stats.egressBytes.Add(bytes)
			r.stats.egressPackets.Add(packets)
		}
	}
}

// close ends the viewer's PeerConnection once.
func (v *viewer) close() {
	v.closeOnce.Do(func() {
		close(v.done)
		v.connectTimer.Stop()
		v.seat.release()
		if err := v.pc.Close(); err != nil {
			v.log.Warn("close peer connection", "err", err)
		}
		v.log.Info("viewer left", "connected", v.connected.Load())
	})
}

// AddViewer starts a viewer's session from its SDP offer (recvonly audio and video) and returns
// the SDP answer with all ICE candidates gathered (or those found within a few seconds), so a
// client that does not trickle can connect, and the viewer id for AddICECandidates and
// RemoveViewer.
func (r *Room) AddViewer(ctx context.Context, offer string) (answer, id string, err error) {
	v, videoSender, audioSender, err := r.newViewer()
	if err != nil {
		return "", "", err
	}
	if err := r.register(v); err != nil {
		v.close()
		return "", "", err
	}
	go r.readRTCP(v, videoSender, true)
	go r.readRTCP(v, audioSender, false)
	go r.send(v)

	answer, err = r.negotiate(ctx, v, offer)
	if err != nil {
		r.drop(v)
		if r.isClosed() {
			// Close ended the session mid-negotiation; that, not the offer, is the cause.
			return "", "", fmt.Errorf("room %q: %w", r.name, ErrRoomClosed)
		}
		return "", "", err
	}
	r.stats.viewersJoined.Add(1)
	v.log.Info("viewer joined")
	return answer, v.id, nil
}

// newViewer makes a PeerConnection with the viewer's outgoing tracks and returns their
// senders, whose RTCP the caller reads.
func (r *Room) newViewer() (v *viewer, video, audio *webrtc.RTPSender, err error) {
	pc, err := r.cfg.API.NewPeerConnection(webrtc.Configuration{ICEServers: r.cfg.ICEServers})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("room %q: new peer connection: %w", r.name, err)
	}
	id := rand.Text()
	v = &viewer{
		id: id, pc: pc, log: r.log.With("viewer", id),
		queue: make(chan batch, queueLength), done: make(chan struct{}),
		video: newOutTrack(h264Capability(), webrtc.RTPCodecTypeVideo, r.name,
			uint16(mrand.Uint32()), true),
		audio: newOutTrack(opusCapability(), webrtc.RTPCodecTypeAudio, r.name,
			uint16(mrand.Uint32()), false),
	}
	v.connectTimer = time.AfterFunc(r.cfg.connectTimeout(), func() {
		if !v.connected.Load() {
			v.log.Warn("viewer did not connect in time", "timeout", r.cfg.connectTimeout())
			r.drop(v)
		}
	})
	if video, err = pc.AddTrack(v.video); err == nil {
		audio, err = pc.AddTrack(v.audio)
	}
	if err != nil {
		v.close()
		return nil, nil, nil, fmt.Errorf("room %q: add track: %w", r.name, err)
	}
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) { r.onState(v, s) })
	return v, video, audio, nil
}

// register adds v to the room unless the room is closed or full.
func (r *Room) register(v *viewer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrRoomClosed
	}
	if r.cfg.MaxViewers > 0 && len(r.viewers) >= r.cfg.MaxViewers {
		return fmt.Errorf("room %q: %w (%d viewers)", r.name, ErrRoomFull, len(r.viewers))
	}
	if lim := r.limit.Load(); lim != nil {
		if !lim.take() {
			return fmt.Errorf("room %q: %w (%d viewers)", r.name, ErrServerFull, lim.max)
		}
		v.seat = lim
	}
	r.viewers[v.id] = v
	r.publishLocked()
	r.wg.Add(3) // the RTCP readers and the sender, started by the caller
	return nil
}

// negotiate applies the offer and returns the answer once ICE gathering is done.
func (r *Room) negotiate(ctx context.Context, v *viewer, offer string) (string, error) {
	desc := webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}
	if err := checkVideoCodec(&desc); err != nil {
		return "", err
	}
	if err := v.pc.SetRemoteDescription(desc); err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	answer, err := v.pc.CreateAnswer(nil)
	if err != nil {
		return "", fmt.Errorf("%w: create answer: %w", ErrBadOffer, err)
	}
	gathered := webrtc.GatheringCompletePromise(v.pc)
	if err := v.pc.SetLocalDescription(answer); err != nil {
		return "", fmt.Errorf("%w: set answer: %w", ErrBadOffer, err)
	}
	waitGathering(ctx, gathered)
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("room %q: answer viewer: %w", r.name, err)
	}
	return v.pc.LocalDescription().SDP, nil
}

// onState follows a viewer's connection: media starts when it connects, and the viewer is
// dropped when its connection fails or closes.
func (r *Room) onState(v *viewer, s webrtc.PeerConnectionState) {
	switch s {
	case webrtc.PeerConnectionStateConnected:
		if !r.holds(v) {
			return
		}
		v.connectTimer.Stop()
		r.startVideo(v)
		v.log.Info("viewer connected")
	case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed:
		r.drop(v)
	}
}

// RemoveViewer ends the viewer's session.
func (r *Room) RemoveViewer(id string) error {
	v, err := r.viewer(id)
	if err != nil {
		return err
	}
	r.drop(v)
	return nil
}

func (r *Room) viewer(id string) (*viewer, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrRoomClosed
	}
	v, ok := r.viewers[id]
	if !ok {
		return nil, fmt.Errorf("room %q: %w %q", r.name, ErrUnknownViewer, id)
	}
	return v, nil
}

func (r *Room) holds(v *viewer) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.viewers[v.id] == v
}

// drop removes v from the room and closes its session; it does nothing if v has gone already.
func (r *Room) drop(v *viewer) {
	r.mu.Lock()
	held := r.viewers[v.id] == v
	if held {
		delete(r.viewers, v.id)
		r.publishLocked()
	}
	r.mu.Unlock()
	if held {
		v.close()
	}
}

// readRTCP drains a sender's RTCP (receiver reports run through the interceptors), answers
// NACKs from the room's history and turns picture-loss and full-intra requests into keyframe
// requests.
func (r *Room) readRTCP(v *viewer, s *webrtc.RTPSender, video bool) {
	defer r.wg.Done()
	buf := make([]byte, rtcpBufferSize)
	for {
		n, _, err := s.Read(buf)
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				v.log.Debug("rtcp reader stopped", "err", err)
			}
			return
		}
		if !video {
			continue
		}
		pkts, err := rtcp.Unmarshal(buf[:n])
		if err != nil {
			continue
		}
		r.handleVideoRTCP(v, pkts)
	}
}

// rtcpBufferSize holds any compound RTCP packet that fits a UDP datagram on a typical path.
const rtcpBufferSize = 1500

func (r *Room) handleVideoRTCP(v *viewer, pkts []rtcp.Packet) {
	key := false
	for _, p := range pkts {
		switch p := p.(type) {
		case *rtcp.TransportLayerNack:
			r.answerNACK(v, p)
		case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
			key = true
		}
	}
	if key {
		r.requestKeyFrame()
	}
}

// checkVideoCodec rejects an offer whose video section cannot receive H.264, the only video
// the relay sends, with an error that says so.
func checkVideoCodec(desc *webrtc.SessionDescription) error {
	parsed, err := desc.Unmarshal()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	for _, m := range parsed.MediaDescriptions {
		if m.MediaName.Media != "video" {
			continue
		}
		for _, a := range m.Attributes {
			if a.Key == "rtpmap" && strings.Contains(strings.ToUpper(a.Value), " H264/") {
				return nil
			}
		}
		return fmt.Errorf("%w: its video section has no H.264, the only video codec zhubo sends",
			ErrBadOffer)
	}
	return nil
}
