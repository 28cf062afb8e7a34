package relay

import (
	"strings"
	"sync/atomic"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// outTrack is one of a viewer's outgoing tracks. It implements webrtc.TrackLocal itself, so
// the room's shared packets go straight to the viewer's SRTP writer: no per-write locking or
// packet copies as in webrtc.TrackLocalStaticRTP, and no per-viewer retransmission buffer.
//
// Each viewer has its own RTP sequence numbers, so units the viewer skips leave no gap that
// its receiver would report as loss; the SSRC and payload type are the viewer's, as
// negotiated. sent remembers which room packet each of the viewer's recent sequence numbers
// carried, so a NACK can be answered from the room's history.
type outTrack struct {
	codec    webrtc.RTPCodecCapability
	kind     webrtc.RTPCodecType
	id       string
	streamID string

	bound atomic.Pointer[binding] // set by Bind, cleared by Unbind

	// seq and hdr are owned by the viewer's sender goroutine, resendHdr by its RTCP reader.
	seq       uint16
	hdr       rtp.Header
	resendHdr rtp.Header
	// sent maps a viewer sequence number s to (sentMark | s<<16 | room sequence number) in
	// slot s%historySize; nil for tracks without retransmissions (audio).
	sent *[historySize]atomic.Uint64
}

// sentMark tells a used slot of outTrack.sent from an empty one.
const sentMark = 1 << 32

// binding is what negotiation decided for a track.
type binding struct {
	ssrc        uint32
	payloadType uint8
	writer      webrtc.TrackLocalWriter
}

func newOutTrack(c webrtc.RTPCodecCapability, kind webrtc.RTPCodecType, room string,
	seq uint16, resends bool,
) *outTrack {
	t := &outTrack{codec: c, kind: kind, id: kind.String(), streamID: "zhubo-" + room, seq: seq}
	if resends {
		t.sent = new([historySize]atomic.Uint64)
	}
	return t
}

// Bind picks the negotiated codec that matches the track's and keeps the viewer's writer.
func (t *outTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	for _, c := range ctx.CodecParameters() {
		if matchesCodec(c.RTPCodecCapability, t.codec) {
			t.bound.Store(&binding{
				ssrc: uint32(ctx.SSRC()), payloadType: uint8(c.PayloadType),
				writer: ctx.WriteStream(),
			})
			return c, nil
		}
	}
	return webrtc.RTPCodecParameters{}, webrtc.ErrUnsupportedCodec
}

// Unbind stops the track's writes.
func (t *outTrack) Unbind(webrtc.TrackLocalContext) error {
	t.bound.Store(nil)
	return nil
}

// ID is the track's id in the session description.
func (t *outTrack) ID() string { return t.id }

// RID is empty: the relay sends no simulcast.
func (t *outTrack) RID() string { return "" }

// StreamID groups the room's audio and video into one media stream.
func (t *outTrack) StreamID() string { return t.streamID }

// Kind says whether the track is audio or video.
func (t *outTrack) Kind() webrtc.RTPCodecType { return t.kind }

// write sends pkts with the track's sequence numbers and returns the bytes and packets sent.
// Errors mean the session is going away, which its connection state reports, so they are not
// returned. Only the viewer's sender goroutine calls write.
func (t *outTrack) write(pkts []*rtp.Packet) (bytes, packets uint64) {
	b := t.bound.Load()
	if b == nil {
		return 0, 0
	}
	for _, p := range pkts {
		t.hdr = p.Header
		t.hdr.SSRC, t.hdr.PayloadType, t.hdr.SequenceNumber = b.ssrc, b.payloadType, t.seq
		if t.sent != nil {
			t.sent[t.seq%historySize].Store(sentMark | uint64(t.seq)<<16 | uint64(p.SequenceNumber))
		}
		t.seq++
		if n, err := b.writer.WriteRTP(&t.hdr, p.Payload); err == nil {
			bytes += uint64(n)
			packets++
		}
	}
	return bytes, packets
}

// roomSeq returns the room sequence number that the viewer's packet seq carried, if it is
// still remembered.
func (t *outTrack) roomSeq(seq uint16) (uint16, bool) {
	if t.sent == nil {
		return 0, false
	}
	e := t.sent[seq%historySize].Load()
	if e&sentMark == 0 || uint16(e>>16) != seq {
		return 0, false
	}
	return uint16(e), true
}

// resend writes the room packet p again as the viewer's packet seq; only the viewer's RTCP
// reader calls it.
func (t *outTrack) resend(p *rtp.Packet, seq uint16) (int, error) {
	b := t.bound.Load()
	if b == nil {
		return 0, nil
	}
	t.resendHdr = p.Header
	t.resendHdr.SSRC, t.resendHdr.PayloadType, t.resendHdr.SequenceNumber =
		b.ssrc, b.payloadType, seq
	return b.writer.WriteRTP(&t.resendHdr, p.Payload)
}

// matchesCodec reports whether a negotiated codec is the track's: the media engine offers one
// codec per kind, so the MIME type decides.
func matchesCodec(negotiated, own webrtc.RTPCodecCapability) bool {
	return strings.EqualFold(negotiated.MimeType, own.MimeType)
}
