package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"text/tabwriter"
	"time"
)

// summary is a finished render bench.
type summary struct {
	rooms   int
	elapsed time.Duration
	cpu     time.Duration
	results []result
}

// renderJSON is the machine-readable last line of `zhubo bench render --json`.
type renderJSON struct {
	Rooms       int     `json:"rooms"`
	FPSMin      float64 `json:"fps_min"`
	FPSMean     float64 `json:"fps_mean"`
	EncodeMSP95 float64 `json:"encode_ms_p95"`
}

func (s summary) write(w io.Writer, jsonOut bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "room\tfps_min\tfps_mean\tframe_ms_p50\tframe_ms_p95\tdropped\t"+
		"replies\treply_ms_p50\treply_ms_max\tdead_air_s\t")
	out := renderJSON{Rooms: s.rooms, FPSMin: math.Inf(1)}
	var p95 time.Duration
	for _, r := range s.results {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%.1f\t\n",
			r.name, r.fpsMin, r.fpsMean, ms(r.encodeP50), ms(r.encodeP95), r.dropped,
			r.replies, r.replyP50.Milliseconds(), r.replyMax.Milliseconds(),
			r.deadAir.Seconds())
		out.FPSMin = min(out.FPSMin, r.fpsMin)
		out.FPSMean += r.fpsMean / float64(len(s.results))
		p95 = max(p95, r.encodeP95)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Fprintf(w, "rooms %d, %.1f s: cpu %.1f s (%.2f cores), heap %d MiB, "+
		"max rss %d MiB; frame_ms is render+encode of one frame\n",
		s.rooms, s.elapsed.Seconds(), s.cpu.Seconds(), s.cpu.Seconds()/s.elapsed.Seconds(),
		mem.HeapInuse>>20, maxRSS()>>20)
	if !jsonOut {
		return nil
	}
	out.EncodeMSP95 = round1(ms(p95))
	out.FPSMin, out.FPSMean = round1(out.FPSMin), round1(out.FPSMean)
	data, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }
