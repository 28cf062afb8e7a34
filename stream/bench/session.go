package bench

import (
	"context"
	"time"

	"github.com/pion/webrtc/v4"
)

// Client opens single WHEP sessions, one viewer at a time, for loads that
// come and go (a soak) rather than the fixed crowd of WHEP.
type Client struct {
	api   *webrtc.API
	token string
}

// NewClient makes a client that sends token, when set, as a bearer token.
func NewClient(token string) (*Client, error) {
	api, err := clientAPI()
	if err != nil {
		return nil, err
	}
	return &Client{api: api, token: token}, nil
}

// Session is one viewer's WHEP session, counting what it receives until it
// leaves or vanishes.
type Session struct {
	v *viewer
}

// SessionStats is what one session received; read once it has ended.
type SessionStats struct {
	// Connected reports whether ICE reached connected.
	Connected bool
	// FirstFrame is the time from connected to the first complete keyframe, 0 for none.
	FirstFrame time.Duration
	// VideoFrames counts the video frames whose last packet arrived.
	VideoFrames int64
	// Packets and Lost count the RTP packets received and missing from the
	// sequence, audio and video together.
	Packets, Lost int64
	// Bytes is the RTP received, audio and video.
	Bytes int64
}

// Join posts an offer to url and applies the answer; the session then connects
// on its own. On error the session is already closed.
func (c *Client) Join(ctx context.Context, url string) (*Session, error) {
	v := &viewer{token: c.token}
	if err := v.start(ctx, c.api, url); err != nil {
		if v.pc != nil {
			_ = v.pc.Close()
		}
		v.readers.Wait()
		return nil, err
	}
	return &Session{v: v}, nil
}

// Connected reports whether the session is connected now.
func (s *Session) Connected() bool {
	return s.v.pc.ConnectionState() == webrtc.PeerConnectionStateConnected
}

// Playing reports whether the first complete keyframe has arrived.
func (s *Session) Playing() bool { return s.v.firstFrame.Load() != 0 }

// Ended reports whether the session was connected and is no longer: the
// server dropped it or the network failed.
func (s *Session) Ended() bool {
	if s.v.connectedAt.Load() == 0 {
		return false
	}
	switch s.v.pc.ConnectionState() {
	case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed:
		return true
	}
	return false
}

// Leave ends the session as a polite viewer does: DELETE, then close.
func (s *Session) Leave() SessionStats {
	s.v.stop()
	return s.stats()
}

// Vanish closes the session without telling the server, as a viewer whose
// network dropped does; the server must reap it.
func (s *Session) Vanish() SessionStats {
	s.v.stopOnce.Do(func() {
		_ = s.v.pc.Close()
		s.v.readers.Wait()
	})
	return s.stats()
}

// stats reads the counters once the readers have ended.
func (s *Session) stats() SessionStats {
	v := s.v
	st := SessionStats{
		VideoFrames: v.video.frames,
		Packets:     v.video.packets + v.audio.packets,
		Lost:        v.video.gaps + v.audio.gaps,
		Bytes:       v.video.bytes + v.audio.bytes,
	}
	if conn := v.connectedAt.Load(); conn != 0 {
		st.Connected = true
		if f := v.firstFrame.Load(); f != 0 {
			st.FirstFrame = time.Duration(f - conn)
		}
	}
	return st
}
