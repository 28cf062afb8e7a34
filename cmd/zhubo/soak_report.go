package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Targets of a soak: a run that misses one exits non-zero.
const (
	targetDeadAirSpans = 0   // silences over 3 s
	targetGrowthPct    = 5.0 // heap and RSS growth after the baseline
	// targetVoiceQueue is the deepest the voice's queue may get: the next
	// script line, the next answer and a few moderators' lines. Deeper, and
	// answers reach viewers minutes late.
	targetVoiceQueue = 6
)

// soakReport is the outcome of `zhubo bench soak`; its JSON form is the last
// line with --json.
type soakReport struct {
	DurationS float64 `json:"duration_s"`
	Seed      uint64  `json:"seed"`
	// Viewers is the crowd size; ViewersEnd the sessions connected at the
	// end and ServerViewersEnd the viewers the server held then.
	Viewers          int `json:"viewers"`
	ViewersEnd       int `json:"viewers_connected_end"`
	ServerViewersEnd int `json:"server_viewers_end"`
	// Sessions counts joins, polite leaves and vanishings.
	Sessions map[string]uint64 `json:"sessions"`
	// Frames are video frames the viewers received, Loss the fraction of RTP
	// packets missing, FirstFrameMaxMS the slowest first keyframe.
	Frames          int64   `json:"frames"`
	Loss            float64 `json:"loss"`
	FirstFrameMaxMS float64 `json:"first_frame_ms_max"`
	// ServerFrames and ServerDropped are the video frames the presenters
	// wrote and dropped; RoomRestarts counts the room starting again.
	ServerFrames  uint64  `json:"server_frames"`
	ServerDropped uint64  `json:"server_frames_dropped"`
	RoomRestarts  int     `json:"room_restarts"`
	DeadAirSpans  uint64  `json:"dead_air_spans"`
	DeadAirS      float64 `json:"dead_air_s"`
	// OffAirSpans and OffAirS count, at a resolution of a second, the time
	// with no room running at all (between a room's stop and its restart),
	// which no presenter's dead-air counter sees; spans are those over 3 s.
	OffAirSpans uint64  `json:"off_air_spans"`
	OffAirS     float64 `json:"off_air_s"`
	// Lines counts utterances: total, by source, by_llm and by_template.
	Lines            map[string]uint64 `json:"lines"`
	LinesAfterFaults uint64            `json:"lines_after_faults"`
	// AnswerWait* are the times from an answer's publishing to the voice
	// starting it, over Answers answers; VoiceQueueMax the most lines the
	// voice said waited in it.
	Answers        int     `json:"answers_started"`
	AnswerWaitP50S float64 `json:"answer_wait_p50_s"`
	AnswerWaitP99S float64 `json:"answer_wait_p99_s"`
	AnswerWaitMaxS float64 `json:"answer_wait_max_s"`
	VoiceQueueMax  int     `json:"voice_queue_max"`
	// LLM holds the personalizer's request results and fallbacks by reason.
	LLM            map[string]float64 `json:"llm"`
	Events         map[string]uint64  `json:"events"`
	Rejected       map[string]uint64  `json:"events_rejected"`
	Cues           map[string]uint64  `json:"cues"`
	Faults         map[string]uint64  `json:"faults"`
	FaultHits      map[string]uint64  `json:"fault_hits"`
	Errors         map[string]uint64  `json:"errors"`
	ServerErrors   map[string]uint64  `json:"server_errors"`
	ServerWarnings map[string]uint64  `json:"server_warnings"`
	RoomRunning    bool               `json:"room_running"`
	// NATSReconnects counts the server's reconnections to its bus.
	NATSReconnects uint64 `json:"nats_reconnects"`

	Start         memSample `json:"memory_start"`
	Warm          memSample `json:"memory_warm"`
	End           memSample `json:"memory_end"`
	HeapGrowthPct float64   `json:"heap_growth_pct"`
	RSSGrowthPct  float64   `json:"rss_growth_pct"`

	GoroutinesStart int `json:"goroutines_start"`
	GoroutinesPeak  int `json:"goroutines_loaded"`
	GoroutinesEnd   int `json:"goroutines_end"`

	// Missed lists the targets the run missed; empty is a pass.
	Missed []string `json:"missed"`

	deadAir     time.Duration
	linesAtHeal uint64
	offAirRun   int // seconds off air so far in the current span
}

// offAir accounts for one second of the run, with or without the room on air.
func (r *soakReport) offAir(off bool) {
	if !off {
		r.offAirRun = 0
		return
	}
	r.offAirRun++
	r.OffAirS++
	if r.offAirRun == 4 {
		r.OffAirSpans++
	}
}

// judge computes the growths and lists the missed targets.
func (r *soakReport) judge() {
	r.HeapGrowthPct = growthPct(r.Warm.HeapMB, r.End.HeapMB)
	r.RSSGrowthPct = growthPct(r.Warm.RSSMB, r.End.RSSMB)
	r.Missed = []string{}
	miss := func(bad bool, format string, args ...any) {
		if bad {
			r.Missed = append(r.Missed, fmt.Sprintf(format, args...))
		}
	}
	miss(r.DeadAirSpans+r.OffAirSpans > targetDeadAirSpans,
		"%d dead-air spans over 3 s, %d of them off air (target 0)",
		r.DeadAirSpans+r.OffAirSpans, r.OffAirSpans)
	miss(r.HeapGrowthPct >= targetGrowthPct, "heap grew %.1f%% after the baseline (target < 5%%)",
		r.HeapGrowthPct)
	miss(r.RSSGrowthPct >= targetGrowthPct, "RSS grew %.1f%% after the baseline (target < 5%%)",
		r.RSSGrowthPct)
	miss(r.GoroutinesEnd > r.GoroutinesStart+goroutineSlack,
		"%d goroutines left after shutdown (started with %d)", r.GoroutinesEnd, r.GoroutinesStart)
	miss(!r.RoomRunning, "room not running at the end")
	miss(r.LinesAfterFaults == 0, "no line on air after the last fault")
	miss(r.VoiceQueueMax > targetVoiceQueue, "%d lines waited in the voice (target at most %d)",
		r.VoiceQueueMax, targetVoiceQueue)
	miss(r.Viewers > 0 && r.Frames == 0, "viewers received no video")
	miss(r.Cues["lost"] > 0, "%d cues never answered", r.Cues["lost"])
}

// progress prints the one-line state of the run so far.
func (s *soak) progress() {
	live, conn := s.pool.connected()
	spans, dead := s.air.air()
	_, _, restarts := s.air.video()
	lines, _ := s.air.lineCounts()
	queued, maxQueued := s.air.queue()
	vt := s.pool.totals()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.printf("viewers %d/%d (server %d) frames %d lost %d events %d "+
		"rejected %d cues %d lines %d replies %d llm %d voice queue %d (max %d) "+
		"dead-air %d spans %.1fs heap %.0fMB "+
		"rss %.0fMB goroutines %d faults %d errors %d room restarts %d",
		conn, live, s.serverViewers(), vt.Frames, vt.Lost,
		s.tally.sum(groupEvent), sumCounts(s.air.rejectedEvents()), s.tally.sum(groupCue),
		lines["total"], lines["reply"], lines["by_llm"], queued, maxQueued, spans, dead.Seconds(),
		float64(ms.HeapAlloc)/(1<<20), rssMB(), runtime.NumGoroutine(), s.tally.sum(groupFault),
		s.tally.sum(groupError)+sumCounts(s.logs.errors()), restarts)
}

func sumCounts(m map[string]uint64) uint64 {
	var n uint64
	for _, v := range m {
		n += v
	}
	return n
}

// write prints the report for people and, with jsonOut, the JSON line last.
func (r *soakReport) write(w io.Writer, jsonOut bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nsoak %.0fs, seed %d\n", r.DurationS, r.Seed)
	fmt.Fprintf(&b, "  viewers     %d in the crowd, %d connected at the end (server holds %d)\n",
		r.Viewers, r.ViewersEnd, r.ServerViewersEnd)
	fmt.Fprintf(&b, "  received    %d video frames, loss %.3f%%, slowest first frame %.0f ms\n",
		r.Frames, r.Loss*100, r.FirstFrameMaxMS)
	fmt.Fprintf(&b, "  dead air    %d spans over 3 s, %.1f s in all; off air %d spans, %.0f s\n",
		r.DeadAirSpans, r.DeadAirS, r.OffAirSpans, r.OffAirS)
	fmt.Fprintf(&b, "  on air      %d video frames written, %d dropped; room restarted %d times\n",
		r.ServerFrames, r.ServerDropped, r.RoomRestarts)
	fmt.Fprintf(&b, "  memory      heap %.1f → %.1f → %.1f MB (%+.1f%%), "+
		"rss %.0f → %.0f → %.0f MB (%+.1f%%)\n", r.Start.HeapMB, r.Warm.HeapMB, r.End.HeapMB, r.HeapGrowthPct,
		r.Start.RSSMB, r.Warm.RSSMB, r.End.RSSMB, r.RSSGrowthPct)
	fmt.Fprintf(&b, "  goroutines  %d at start, %d loaded, %d after shutdown\n",
		r.GoroutinesStart, r.GoroutinesPeak, r.GoroutinesEnd)
	fmt.Fprintf(&b, "  answers     %d started, waited in the voice p50 %.1f s, p99 %.1f s, "+
		"max %.1f s; voice queue at most %d lines\n", r.Answers, r.AnswerWaitP50S,
		r.AnswerWaitP99S, r.AnswerWaitMaxS, r.VoiceQueueMax)
	fmt.Fprintf(&b, "  lines after the last fault: %d; bus reconnections: %d\n",
		r.LinesAfterFaults, r.NATSReconnects)
	for _, g := range []struct {
		name string
		m    map[string]uint64
	}{{"sessions", r.Sessions}, {"lines", r.Lines}, {"events", r.Events},
		{"rejected", r.Rejected}, {"cues", r.Cues}, {"faults", r.Faults},
		{"fault hits", r.FaultHits}, {"errors", r.Errors}, {"server errors", r.ServerErrors},
		{"server warnings", r.ServerWarnings}} {
		writeCounts(&b, g.name, g.m)
	}
	writeCounts(&b, "llm", roundCounts(r.LLM))
	if len(r.Missed) == 0 {
		b.WriteString("PASS: every target met\n")
	}
	for _, m := range r.Missed {
		fmt.Fprintf(&b, "MISSED: %s\n", m)
	}
	if _, err := io.WriteString(w, b.String()); err != nil || !jsonOut {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("soak: encode report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// writeCounts prints one group of counts, largest first.
func writeCounts(b *strings.Builder, name string, m map[string]uint64) {
	if len(m) == 0 {
		return
	}
	keys := slices.SortedFunc(maps.Keys(m), func(x, y string) int {
		if m[x] != m[y] {
			return int(m[y]) - int(m[x])
		}
		return strings.Compare(x, y)
	})
	fmt.Fprintf(b, "  %-16s", name)
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s %d", k, m[k])
	}
	b.WriteString("\n")
}

func roundCounts(m map[string]float64) map[string]uint64 {
	out := make(map[string]uint64, len(m))
	for k, v := range m {
		out[k] = uint64(v + 0.5)
	}
	return out
}

// llmCounters reads the personalizer's request and fallback counters from
// the default registry, keyed "requests <result>" and "fallback <reason>".
func llmCounters() map[string]float64 {
	out := map[string]float64{}
	mfs, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		return out
	}
	prefix := map[string]string{"zhubo_llm_requests_total": "requests ",
		"zhubo_llm_fallbacks_total": "fallback "}
	for _, mf := range mfs {
		p, ok := prefix[mf.GetName()]
		if !ok {
			continue
		}
		for _, m := range mf.GetMetric() {
			label := ""
			if len(m.GetLabel()) > 0 {
				label = m.GetLabel()[0].GetValue()
			}
			out[p+label] += m.GetCounter().GetValue()
		}
	}
	return out
}

// llmDelta is what the counters gained since base.
func llmDelta(base, now map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range now {
		if d := v - base[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}
