package relay

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
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
	video outTrack
	audio outTrack
	log   *slog.Logger

	// connected is set once ICE and DTLS are up; media is only written from then on.
	connected atomic.Bool
	// videoStarted says the viewer has had a keyframe to decode from; guarded by Room.videoMu.
	videoStarted bool
	// connectTimer drops the viewer if it never connects.
	connectTimer *time.Timer

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

// send writes queued samples to the viewer until it closes.
func (v *viewer) send(wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-v.done:
			return
		case b := <-v.queue:
			if b.video {
				v.video.write(b.pkts)
			} else {
				v.audio.write(b.pkts)
			}
		}
	}
}

// outTrack is one of a viewer's outgoing tracks with the viewer's own sequence numbers, so
// units the viewer skips leave no gap that its receiver would report as loss.
type outTrack struct {
	track  *webrtc.TrackLocalStaticRTP
	sender *webrtc.RTPSender
	seq    uint16 // next sequence number; owned by the viewer's sender goroutine
}

// write sends pkts with the track's sequence numbers. Errors mean the session is going away,
// which its connection state reports, so they are not returned.
func (t *outTrack) write(pkts []*rtp.Packet) {
	for _, p := range pkts {
		out := *p
		out.SequenceNumber = t.seq
		t.seq++
		_ = t.track.WriteRTP(&out)
	}
}

// close ends the viewer's PeerConnection once.
func (v *viewer) close() {
	v.closeOnce.Do(func() {
		close(v.done)
		v.connectTimer.Stop()
		if err := v.pc.Close(); err != nil {
			v.log.Warn("close peer connection", "err", err)
		}
		v.log.Info("viewer left")
	})
}

// AddViewer starts a viewer's session from its SDP offer (recvonly audio and video) and returns
// the SDP answer with all ICE candidates gathered (or those found within a few seconds), so a
// client that does not trickle can connect, and the viewer id for AddICECandidates and
// RemoveViewer.
func (r *Room) AddViewer(ctx context.Context, offer string) (answer, id string, err error) {
	v, err := r.newViewer()
	if err != nil {
		return "", "", err
	}
	if err := r.register(v); err != nil {
		v.close()
		return "", "", err
	}
	go r.readRTCP(v, v.video.sender, true)
	go r.readRTCP(v, v.audio.sender, false)
	go v.send(&r.wg)

	answer, err = r.negotiate(ctx, v, offer)
	if err != nil {
		r.drop(v)
		return "", "", err
	}
	r.stats.viewersJoined.Add(1)
	v.log.Info("viewer joined")
	return answer, v.id, nil
}

// newViewer makes a PeerConnection with the viewer's outgoing tracks.
func (r *Room) newViewer() (*viewer, error) {
	pc, err := r.cfg.API.NewPeerConnection(webrtc.Configuration{ICEServers: r.cfg.ICEServers})
	if err != nil {
		return nil, fmt.Errorf("room %q: new peer connection: %w", r.name, err)
	}
	id := rand.Text()
	v := &viewer{
		id: id, pc: pc, log: r.log.With("viewer", id),
		queue: make(chan batch, queueLength), done: make(chan struct{}),
	}
	v.connectTimer = time.AfterFunc(connectTimeout, func() {
		if !v.connected.Load() {
			v.log.Warn("viewer did not connect in time", "timeout", connectTimeout)
			r.drop(v)
		}
	})
	v.video = outTrack{seq: uint16(mrand.Uint32())}
	v.audio = outTrack{seq: uint16(mrand.Uint32())}
	if err := addTrack(pc, &v.video, h264Capability(), "video", r.name); err != nil {
		v.close()
		return nil, err
	}
	if err := addTrack(pc, &v.audio, opusCapability(), "audio", r.name); err != nil {
		v.close()
		return nil, err
	}
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) { r.onState(v, s) })
	return v, nil
}

func addTrack(pc *webrtc.PeerConnection, t *outTrack, c webrtc.RTPCodecCapability,
	kind, room string,
) error {
	track, err := webrtc.NewTrackLocalStaticRTP(c, kind, "zhubo-"+room)
	if err != nil {
		return fmt.Errorf("new %s track: %w", kind, err)
	}
	sender, err := pc.AddTrack(track)
	if err != nil {
		return fmt.Errorf("add %s track: %w", kind, err)
	}
	t.track, t.sender = track, sender
	return nil
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
	r.viewers[v.id] = v
	r.publishLocked()
	r.wg.Add(3) // the RTCP readers and the sender, started by the caller
	return nil
}

// negotiate applies the offer and returns the answer once ICE gathering is done.
func (r *Room) negotiate(ctx context.Context, v *viewer, offer string) (string, error) {
	desc := webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}
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

// readRTCP drains a sender's RTCP, which runs it through the interceptors (NACK responder),
// and turns picture-loss and full-intra requests into keyframe requests.
func (r *Room) readRTCP(v *viewer, s *webrtc.RTPSender, video bool) {
	defer r.wg.Done()
	for {
		pkts, _, err := s.ReadRTCP()
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				v.log.Debug("rtcp reader stopped", "err", err)
			}
			return
		}
		if video && wantsKeyFrame(pkts) {
			r.requestKeyFrame()
		}
	}
}

func wantsKeyFrame(pkts []rtcp.Packet) bool {
	for _, p := range pkts {
		switch p.(type) {
		case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
			return true
		}
	}
	return false
}
