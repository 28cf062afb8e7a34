package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhubo-live/zhubo/interaction/ingest"
)

// metricsHandler serves this server's metrics, the shared ones of components
// registered on the default registry (LLM, guard, Go runtime, process).
func (s *Server) metricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{s: s})
	return promhttp.HandlerFor(prometheus.Gatherers{reg, prometheus.DefaultGatherer},
		promhttp.HandlerOpts{})
}

// collector reads every component's counters when /metrics is scraped, so
// the hot paths (per packet, per frame, per event) only bump their own atomics.
type collector struct {
	s *Server
}

var (
	descViewers = prometheus.NewDesc("zhubo_viewers",
		"Viewers connected to a room.", []string{"room"}, nil)
	descEvents = prometheus.NewDesc("zhubo_events_total",
		"Viewer events accepted, by type.", []string{"type"}, nil)
	descRejected = prometheus.NewDesc("zhubo_events_rejected_total",
		"Viewer events rejected, by reason.", []string{"reason"}, nil)
	descIntents = prometheus.NewDesc("zhubo_intents_total",
		"Comments classified, by intent.", []string{"intent"}, nil)
	descUtterances = prometheus.NewDesc("zhubo_utterances_total",
		"Lines published, by source.", []string{"room", "source"}, nil)
	descReplyQueue = prometheus.NewDesc("zhubo_reply_queue_depth",
		"Comments waiting for an answer.", []string{"room"}, nil)
	descFPS = prometheus.NewDesc("zhubo_render_fps",
		"Video frames written per second, recent.", []string{"room"}, nil)
	descEncode = prometheus.NewDesc("zhubo_encode_seconds",
		"Time to render and encode one frame, recent.", []string{"room"}, nil)
	descTTS = prometheus.NewDesc("zhubo_tts_latency_seconds",
		"Time to synthesize the last line on air.", []string{"room"}, nil)
	descFrames = prometheus.NewDesc("zhubo_video_frames_total",
		"Video frames written to the relay.", []string{"room"}, nil)
	descDropped = prometheus.NewDesc("zhubo_video_frames_dropped_total",
		"Video frames not sent because rendering fell behind.", []string{"room"}, nil)
	descKeyFrames = prometheus.NewDesc("zhubo_keyframes_total",
		"Keyframes sent to viewers.", []string{"room"}, nil)
	descKeyReqs = prometheus.NewDesc("zhubo_keyframe_requests_total",
		"Keyframes asked for by joining viewers and PLI/FIR.", []string{"room"}, nil)
	descQueueDrops = prometheus.NewDesc("zhubo_relay_queue_drops_total",
		"Samples not sent to a congested viewer.", []string{"room"}, nil)
	descEgressBytes = prometheus.NewDesc("zhubo_egress_bytes_total",
		"RTP bytes sent to viewers; its rate is the egress bitrate.", []string{"room"}, nil)
	descEgressPackets = prometheus.NewDesc("zhubo_egress_packets_total",
		"RTP packets sent to viewers.", []string{"room"}, nil)
	descNACKs = prometheus.NewDesc("zhubo_nacks_total",
		"NACKs received from viewers.", []string{"room"}, nil)
	descRetransmitted = prometheus.NewDesc("zhubo_retransmitted_packets_total",
		"Packets resent from the room's history in answer to NACKs.", []string{"room"}, nil)
	descDeadAir = prometheus.NewDesc("zhubo_dead_air_seconds_total",
		"Time live with nothing spoken, beyond a 1.5 s pause between lines.", []string{"room"}, nil)
	descReplyLatency = prometheus.NewDesc("zhubo_reply_latency_seconds",
		"From the last reply's utterance to its first audio on air.", []string{"room"}, nil)
)

// Describe implements prometheus.Collector.
func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descViewers, descEvents, descRejected, descIntents,
		descUtterances, descReplyQueue, descFPS, descEncode, descTTS, descFrames, descDropped,
		descKeyFrames, descKeyReqs, descQueueDrops, descEgressBytes, descEgressPackets, descNACKs,
		descRetransmitted, descDeadAir, descReplyLatency} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c collector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.ingestStats()
	counters := func(d *prometheus.Desc, m map[string]uint64) {
		for k, v := range m {
			ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), k)
		}
	}
	counters(descEvents, st.Accepted)
	counters(descRejected, st.Rejected)
	counters(descIntents, st.Intents)
	for _, r := range c.s.liveRooms() {
		c.collectRoom(ch, r)
	}
}

// ingestStats adds up the HTTP ingest's and every running room's ingest counters.
func (s *Server) ingestStats() ingest.Stats {
	sum := s.events.Stats()
	add := func(to, from map[string]uint64) {
		for k, v := range from {
			to[k] += v
		}
	}
	for _, r := range s.liveRooms() {
		st := r.ingest.Stats()
		add(sum.Accepted, st.Accepted)
		add(sum.Rejected, st.Rejected)
		add(sum.Intents, st.Intents)
		add(sum.Signals, st.Signals)
		add(sum.HTTPRejected, st.HTTPRejected)
		sum.Merged += st.Merged
		sum.PublishErrors += st.PublishErrors
		sum.Dropped += st.Dropped
		sum.HTTPAccepted += st.HTTPAccepted
	}
	return sum
}

func (c collector) collectRoom(ch chan<- prometheus.Metric, r *room) {
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, r.name)
	}
	counter := func(d *prometheus.Desc, v uint64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), r.name)
	}
	rs := r.relay.Stats()
	gauge(descViewers, float64(rs.Connected))
	counter(descKeyFrames, rs.KeyFrames)
	counter(descKeyReqs, rs.KeyFrameRequests)
	counter(descQueueDrops, rs.Dropped)
	counter(descEgressBytes, rs.EgressBytes)
	counter(descEgressPackets, rs.EgressPackets)
	counter(descNACKs, rs.NACKs)
	counter(descRetransmitted, rs.Retransmitted)

	ps := r.presenter.Stats()
	gauge(descFPS, ps.FPS)
	gauge(descEncode, ps.EncodeTime.Seconds())
	gauge(descTTS, ps.TTSLatency.Seconds())
	counter(descFrames, ps.VideoFrames)
	counter(descDropped, ps.DroppedFrames)
	ch <- prometheus.MustNewConstMetric(descDeadAir, prometheus.CounterValue,
		ps.DeadAir.Seconds(), r.name)
	gauge(descReplyLatency, ps.ReplyLatency.Seconds())

	ds := r.director.Stats()
	for source, n := range map[string]uint64{"script": ds.Script, "reply": ds.Replies, "cue": ds.Cues} {
		ch <- prometheus.MustNewConstMetric(descUtterances, prometheus.CounterValue, float64(n),
			r.name, source)
	}
	gauge(descReplyQueue, float64(ds.ReplyQueue))
}
