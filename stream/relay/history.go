package relay

import (
	"sync"

	"github.com/pion/rtp"
)

// historySize is how many of a room's latest video packets are kept for retransmission: a
// few seconds at the bitrates the avatar uses, longer than any NACK worth answering.
const historySize = 1024

// history is a room's ring of its latest video packets keyed by room sequence number. One
// history serves every viewer's NACKs, instead of a copy of each packet per viewer.
type history struct {
	mu   sync.RWMutex // guards pkts
	pkts [historySize]*rtp.Packet
}

// add remembers pkts, replacing the packets historySize sequence numbers older.
func (h *history) add(pkts []*rtp.Packet) {
	h.mu.Lock()
	for _, p := range pkts {
		h.pkts[p.SequenceNumber%historySize] = p
	}
	h.mu.Unlock()
}

// get returns the packet with room sequence number seq, if it is still held.
func (h *history) get(seq uint16) (*rtp.Packet, bool) {
	h.mu.RLock()
	p := h.pkts[seq%historySize]
	h.mu.RUnlock()
	if p == nil || p.SequenceNumber != seq {
		return nil, false
	}
	return p, true
}
