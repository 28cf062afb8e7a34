package relay

import (
	"github.com/pion/rtcp"
)

// answerNACK retransmits the video packets a viewer reports lost (RFC 4585 §6.2.1) from the
// room's history, under the viewer's own sequence numbers, SSRC and payload type, as the
// original was sent. Packets that have left the history are not sent; the viewer's decoder
// then asks for a keyframe with a PLI.
func (r *Room) answerNACK(v *viewer, n *rtcp.TransportLayerNack) {
	var bytes, packets uint64
	for _, pair := range n.Nacks {
		pair.Range(func(seq uint16) bool {
			r.stats.nackedPackets.Add(1)
			roomSeq, ok := v.video.roomSeq(seq)
			if !ok {
				return true
			}
			p, ok := r.history.get(roomSeq)
			if !ok {
				return true
			}
			if n, err := v.video.resend(p, seq); err == nil && n > 0 {
				bytes += uint64(n)
				packets++
			}
			return true
		})
	}
	r.stats.nacks.Add(1)
	r.stats.retransmitted.Add(packets)
	r.stats.egressBytes.Add(bytes)
	r.stats.egressPackets.Add(packets)
}
