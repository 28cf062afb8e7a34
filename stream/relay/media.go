package relay

import (
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4/pkg/media"
)

// dropWarnInterval rate-limits the warning about viewers too slow for the stream.
const dropWarnInterval = 10 * time.Second

// WriteVideo sends one Annex-B H.264 access unit (Duration is its frame time, 40 ms at 25 fps)
// to every connected viewer. An IDR unit is kept, with the last SPS and PPS in front, so that a
// viewer who connects later starts on it; a viewer only gets further units from the next IDR on.
// WriteVideo does not wait for the network: each viewer's sender goroutine writes the packets.
func (r *Room) WriteVideo(s media.Sample) error {
	if r.isClosed() {
		return ErrRoomClosed
	}
	au := parseAccessUnit(s.Data)
	samples := ticks(s.Duration, videoClockRate)
	r.stats.videoFrames.Add(1)
	if au.idr {
		r.stats.keyFrames.Add(1)
	}

	r.videoMu.Lock()
	defer r.videoMu.Unlock()
	data := r.withCachedParameterSets(au, s.Data)
	for _, t := range *r.taps.Load() {
		t.TapVideo(media.Sample{Data: data, Duration: s.Duration}, au.idr)
	}
	viewers := *r.live.Load()
	if len(viewers) == 0 && !au.idr {
		r.video.SkipSamples(samples)
		r.sinceKey++
		return nil
	}

	pkts := r.video.Packetize(data, samples)
	r.history.add(pkts)
	if au.idr {
		r.keyframe, r.sinceKey = pkts, 0
	} else {
		r.sinceKey++
	}
	r.fanOutVideo(viewers, pkts, au.idr)
	return nil
}

// fanOutVideo queues a unit for each connected viewer that can decode it. A viewer whose queue
// is full loses the unit, so it waits for the next IDR, which is asked for. r.videoMu is held.
func (r *Room) fanOutVideo(viewers []*viewer, pkts []*rtp.Packet, idr bool) {
	dropped := 0
	for _, v := range viewers {
		if !v.connected.Load() || (!v.videoStarted && !idr) {
			continue
		}
		if v.enqueue(batch{pkts: pkts, video: true}) {
			v.videoStarted = true
			continue
		}
		v.videoStarted = false
		dropped++
	}
	if dropped > 0 {
		r.dropped(dropped)
		r.requestKeyFrame()
	}
}

// withCachedParameterSets remembers the unit's SPS and PPS and returns the unit to send: an IDR
// without its own parameter sets gets the last ones seen, so every IDR is decodable alone.
// r.videoMu must be held.
func (r *Room) withCachedParameterSets(au accessUnit, data []byte) []byte {
	if au.sps != nil {
		r.sps = append(r.sps[:0], au.sps...)
	}
	if au.pps != nil {
		r.pps = append(r.pps[:0], au.pps...)
	}
	if au.idr && (au.sps == nil || au.pps == nil) && r.sps != nil && r.pps != nil {
		return withParameterSets(data, r.sps, r.pps)
	}
	return data
}

// WriteAudio sends one Opus packet (Duration is its frame time, usually 20 ms) to every
// connected viewer.
func (r *Room) WriteAudio(s media.Sample) error {
	if r.isClosed() {
		return ErrRoomClosed
	}
	samples := ticks(s.Duration, audioClockRate)
	r.stats.audioPackets.Add(1)

	r.audioMu.Lock()
	defer r.audioMu.Unlock()
	for _, t := range *r.taps.Load() {
		t.TapAudio(s)
	}
	viewers := *r.live.Load()
	if len(viewers) == 0 {
		r.audio.SkipSamples(samples)
		return nil
	}
	pkts := r.audio.Packetize(s.Data, samples)
	dropped := 0
	for _, v := range viewers {
		if v.connected.Load() && !v.enqueue(batch{pkts: pkts}) {
			dropped++
		}
	}
	if dropped > 0 {
		r.dropped(dropped)
	}
	return nil
}

// startVideo gives a viewer that has just connected the cached keyframe, so its first picture
// shows at once. The units after that keyframe reference pictures the viewer lacks, so unless
// the keyframe is the latest unit, the viewer waits for the next IDR, which it asks for.
func (r *Room) startVideo(v *viewer) {
	r.videoMu.Lock()
	v.connected.Store(true)
	if r.keyframe != nil && v.enqueue(batch{pkts: r.keyframe, video: true}) {
		v.videoStarted = r.sinceKey == 0
	}
	r.videoMu.Unlock()
	r.requestKeyFrame()
}

// dropped counts samples lost to full viewer queues and warns now and then.
func (r *Room) dropped(n int) {
	r.stats.dropped.Add(uint64(n))
	now := time.Now().UnixNano()
	last := r.lastDropWarn.Load()
	if now-last < int64(dropWarnInterval) || !r.lastDropWarn.CompareAndSwap(last, now) {
		return
	}
	r.log.Warn("viewers too slow for the stream, samples dropped",
		"dropped_total", r.stats.dropped.Load())
}
