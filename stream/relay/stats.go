package relay

import "sync/atomic"

// Stats is a snapshot of a room's counters, for metrics and health pages.
type Stats struct {
	// Viewers is the number of sessions, Connected those whose media flows.
	Viewers, Connected int
	// VideoFrames and AudioPackets count the samples written to the room.
	VideoFrames, AudioPackets uint64
	// KeyFrames counts the IDR access units written to the room.
	KeyFrames uint64
	// KeyFrameRequests counts joins and PLI/FIR messages that asked the encoder for a keyframe.
	KeyFrameRequests uint64
	// ViewersJoined counts sessions started since the room was made.
	ViewersJoined uint64
	// Dropped counts samples not sent to a viewer because its queue was full.
	Dropped uint64
	// EgressBytes and EgressPackets count the RTP sent to all viewers, retransmissions
	// included (RTP header and payload, before SRTP).
	EgressBytes, EgressPackets uint64
	// NACKs counts the NACK messages viewers sent, NACKedPackets the packets they asked for,
	// Retransmitted the packets the room's history could send again.
	NACKs, NACKedPackets, Retransmitted uint64
}

// counters are a room's running totals.
type counters struct {
	videoFrames, audioPackets, keyFrames, keyFrameRequests, viewersJoined, dropped atomic.Uint64
	egressBytes, egressPackets, nacks, nackedPackets, retransmitted                atomic.Uint64
}

// Stats returns the room's counters.
func (r *Room) Stats() Stats {
	r.mu.Lock()
	st := Stats{Viewers: len(r.viewers)}
	for _, v := range r.viewers {
		if v.connected.Load() {
			st.Connected++
		}
	}
	r.mu.Unlock()
	st.VideoFrames = r.stats.videoFrames.Load()
	st.AudioPackets = r.stats.audioPackets.Load()
	st.KeyFrames = r.stats.keyFrames.Load()
	st.KeyFrameRequests = r.stats.keyFrameRequests.Load()
	st.ViewersJoined = r.stats.viewersJoined.Load()
	st.Dropped = r.stats.dropped.Load()
	st.EgressBytes = r.stats.egressBytes.Load()
	st.EgressPackets = r.stats.egressPackets.Load()
	st.NACKs = r.stats.nacks.Load()
	st.NACKedPackets = r.stats.nackedPackets.Load()
	st.Retransmitted = r.stats.retransmitted.Load()
	return st
}
