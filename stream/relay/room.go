// Package relay fans one room's encoded media out to all its viewers.
//
// A Room takes the avatar's H.264 access units and Opus packets, packetises each sample into
// RTP once, and writes the packets to every connected viewer's PeerConnection. Each viewer has
// its own RTP sequence numbers so that it can join at a keyframe without seeing a gap, and each
// starts on the room's cached keyframe while the encoder is asked for a fresh one.
package relay

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
)

const (
	// rtpMTU keeps packets under the smallest path MTU seen in practice once SRTP, UDP, IP
	// and TURN overheads are added.
	rtpMTU = 1200
	// gatherTimeout bounds how long AddViewer waits for ICE gathering before it answers with
	// the candidates it has.
	gatherTimeout = 3 * time.Second
	// defaultConnectTimeout drops a viewer whose client never completes ICE and DTLS.
	defaultConnectTimeout = 30 * time.Second

	videoClockRate = 90000
	audioClockRate = 48000
)

// Config sets up one Room.
type Config struct {
	// MaxViewers caps the room's viewers; 0 means no cap. Relay.MaxViewers caps the process.
	MaxViewers int
	// OnKeyFrameRequest is called when a viewer connects, whenever a viewer's queue overflows
	// or it sends a PLI or FIR, and for RequestKeyFrame. It is called from many goroutines and
	// must not block; the encoder rate-limits the keyframes it makes (the avatar's presenter
	// forces at most one per 500 ms).
	OnKeyFrameRequest func()
	// API builds the viewers' PeerConnections; one API built by NewAPI is shared by all rooms.
	// Nil builds a default one for this room.
	API *webrtc.API
	// ICEServers are the STUN and TURN servers the viewers' PeerConnections use.
	ICEServers []webrtc.ICEServer
	// Logger receives lifecycle logs with a room field; nil uses slog.Default.
	Logger *slog.Logger
	// ConnectTimeout drops a viewer that has not connected this long after its offer;
	// 0 means 30 s.
	ConnectTimeout time.Duration
}

func (c Config) connectTimeout() time.Duration {
	if c.ConnectTimeout > 0 {
		return c.ConnectTimeout
	}
	return defaultConnectTimeout
}

// Room is one live room's media fan-out. Its methods are safe for concurrent use, though video
// and audio each come from one writer in practice.
type Room struct {
	name string
	cfg  Config
	log  *slog.Logger

	mu      sync.Mutex // guards viewers and closed
	viewers map[string]*viewer
	closed  bool
	// live is a copy of viewers' values for the media path, replaced whenever viewers changes.
	live atomic.Pointer[[]*viewer]

	videoMu  sync.Mutex // guards video, sps, pps, keyframe, sinceKey and viewers' video state
	video    rtp.Packetizer
	sps, pps []byte
	keyframe []*rtp.Packet // the last IDR access unit, as packets
	sinceKey int           // access units written after keyframe

	audioMu sync.Mutex // guards audio
	audio   rtp.Packetizer

	history history // the latest video packets, for NACKs
	// limit is the process-wide viewer limit of the Relay that holds the room, if any.
	limit atomic.Pointer[viewerLimit]
	// taps receive the room's samples as written; replaced whenever a tap is added or removed.
	taps atomic.Pointer[[]*tapEntry]

	wg           sync.WaitGroup // the viewers' RTCP readers and senders
	stats        counters
	lastDropWarn atomic.Int64 // unix nanoseconds of the last warning about dropped samples
}

// NewRoom makes the room called name; it has no viewers until AddViewer.
func NewRoom(name string, cfg Config) (*Room, error) {
	if name == "" {
		return nil, ErrNoRoomName
	}
	if cfg.API == nil {
		api, err := NewAPI(NetConfig{})
		if err != nil {
			return nil, fmt.Errorf("room %q: %w", name, err)
		}
		cfg.API = api
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	r := &Room{
		name:    name,
		cfg:     cfg,
		log:     logger.With("room", name),
		viewers: make(map[string]*viewer),
		video: rtp.NewPacketizer(rtpMTU, 0, 0, &codecs.H264Payloader{},
			rtp.NewRandomSequencer(), videoClockRate),
		audio: rtp.NewPacketizer(rtpMTU, 0, 0, &codecs.OpusPayloader{},
			rtp.NewRandomSequencer(), audioClockRate),
	}
	r.live.Store(&[]*viewer{})
	r.taps.Store(&[]*tapEntry{})
	return r, nil
}

// Name returns the room's name.
func (r *Room) Name() string { return r.name }

// Viewers returns how many viewers the room holds, counting those still connecting.
func (r *Room) Viewers() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.viewers)
}

// Close ends every viewer's session and stops the room; it is safe to call more than once.
func (r *Room) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	viewers := make([]*viewer, 0, len(r.viewers))
	for _, v := range r.viewers {
		viewers = append(viewers, v)
	}
	clear(r.viewers)
	r.publishLocked()
	r.mu.Unlock()

	for _, v := range viewers {
		v.close()
	}
	r.wg.Wait()
	r.log.Info("room closed", "viewers", len(viewers))
	return nil
}

// publishLocked refreshes the media path's copy of the viewers; r.mu must be held.
func (r *Room) publishLocked() {
	list := make([]*viewer, 0, len(r.viewers))
	for _, v := range r.viewers {
		list = append(list, v)
	}
	r.live.Store(&list)
}

func (r *Room) isClosed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed
}

// RequestKeyFrame asks the room's encoder for a keyframe, as a viewer's PLI does: for an
// egress that has just connected.
func (r *Room) RequestKeyFrame() { r.requestKeyFrame() }

func (r *Room) requestKeyFrame() {
	r.stats.keyFrameRequests.Add(1)
	if r.cfg.OnKeyFrameRequest != nil {
		r.cfg.OnKeyFrameRequest()
	}
}

// ticks converts a sample duration to RTP clock ticks.
func ticks(d time.Duration, clockRate int64) uint32 {
	return uint32(int64(d) * clockRate / int64(time.Second))
}

// waitGathering waits until ICE gathering completes, ctx ends or gatherTimeout passes.
func waitGathering(ctx context.Context, done <-chan struct{}) {
	t := time.NewTimer(gatherTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-ctx.Done():
	case <-t.C:
	}
}
