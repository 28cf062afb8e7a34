package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/zhubo-live/zhubo/avatar/encode"
)

// summary is a finished render bench.
type summary struct {
	rooms   int
	elapsed time.Duration
	cpu     time.Duration
	// liveHeap is the heap reachable at the last collection before the
	// rooms stopped.
	liveHeap uint64
	results  []result
	// steadyCPU and steadyFrames are the CPU time and frames sent after
	// the warm-up.
	steadyCPU    time.Duration
	steadyFrames uint64
}

// renderJSON is the machine-readable last line of `zhubo bench render --json`.
type renderJSON struct {
	Rooms       int     `json:"rooms"`
	FPSMin      float64 `json:"fps_min"`
	FPSMean     float64 `json:"fps_mean"`
	EncodeMSP95 float64 `json:"encode_ms_p95"`
	// CPUMSPerFrame is the CPU time of everything a room does (render,
	// encode, speech, audio, bus) per video frame it sent.
	CPUMSPerFrame float64 `json:"cpu_ms_per_frame"`
	// RoomsPerMachine is how many rooms all of this machine's cores would
	// keep at 25 fps at that cost.
	RoomsPerMachine float64 `json:"rooms_per_machine"`
}

// perFrame is the steady CPU time spent per video frame sent, and how many
// rooms at encode.DefaultFPS the machine's cores would carry at that cost.
func (s summary) perFrame() (time.Duration, float64) {
	if s.steadyFrames == 0 {
		return 0, 0
	}
	cost := s.steadyCPU / time.Duration(s.steadyFrames)
	perRoom := cost.Seconds() * encode.DefaultFPS // cores one room needs
	return cost, float64(runtime.NumCPU()) / perRoom
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
	cost, rooms := s.perFrame()
	fmt.Fprintf(w, "rooms %d, %.1f s: cpu %.1f s (%.2f cores), live heap %d MiB, "+
		"max rss %d MiB; frame_ms is render+encode of one frame\n",
		s.rooms, s.elapsed.Seconds(), s.cpu.Seconds(), s.cpu.Seconds()/s.elapsed.Seconds(),
		s.liveHeap>>20, maxRSS()>>20)
	fmt.Fprintf(w, "steady cpu per frame sent %.2f ms (all work, speech included): "+
		"%.1f rooms at %d fps on %d cores\n",
		ms(cost), rooms, encode.DefaultFPS, runtime.NumCPU())
	if !jsonOut {
		return nil
	}
	out.EncodeMSP95 = round1(ms(p95))
	out.FPSMin, out.FPSMean = round1(out.FPSMin), round1(out.FPSMean)
	out.CPUMSPerFrame, out.RoomsPerMachine = math.Round(ms(cost)*100)/100, round1(rooms)
	data, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }
