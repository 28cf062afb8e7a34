package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// Report is the outcome of a WHEP load; its JSON form is the last line of `zhubo bench whep
// --json`.
type Report struct {
	// Viewers is how many sessions were tried, Connected how many reached ICE connected.
	Viewers   int `json:"viewers"`
	Connected int `json:"connected"`
	// FirstFrameP50 and FirstFrameP95 are milliseconds from ICE connected to the first
	// complete keyframe, over the viewers that had one.
	FirstFrameP50 float64 `json:"first_frame_ms_p50"`
	FirstFrameP95 float64 `json:"first_frame_ms_p95"`
	// LossMean is the mean fraction of RTP packets missing from the sequence, audio and video.
	LossMean float64 `json:"loss_mean"`
	// KbpsMean is the mean received bitrate (RTP, audio and video) of the connected viewers.
	KbpsMean float64 `json:"kbps_mean"`

	errors   []string
	noFrames int
}

// report sums up the viewers at end.
func report(cfg WHEPConfig, viewers []*viewer, end time.Time) Report {
	r := Report{Viewers: cfg.Viewers}
	var firsts []float64
	for _, v := range viewers {
		if v == nil {
			continue
		}
		if v.err != nil {
			r.errors = append(r.errors, v.err.Error())
		}
		conn := v.connectedAt.Load()
		if conn == 0 {
			continue
		}
		r.Connected++
		if f := v.firstFrame.Load(); f != 0 {
			firsts = append(firsts, float64(f-conn)/1e6)
		} else {
			r.noFrames++
		}
		packets := v.video.packets + v.audio.packets
		lost := v.video.gaps + v.audio.gaps
		if packets+lost > 0 {
			r.LossMean += float64(lost) / float64(packets+lost)
		}
		secs := end.Sub(time.Unix(0, conn)).Seconds()
		if secs > 0 {
			r.KbpsMean += float64(v.video.bytes+v.audio.bytes) * 8 / 1000 / secs
		}
	}
	if r.Connected > 0 {
		r.LossMean /= float64(r.Connected)
		r.KbpsMean /= float64(r.Connected)
	}
	slices.Sort(firsts)
	r.FirstFrameP50 = percentile(firsts, 50)
	r.FirstFrameP95 = percentile(firsts, 95)
	return r
}

// percentile returns the p-th percentile of sorted xs (nearest rank), 0 for none.
func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	i := (len(xs)*p + 99) / 100
	return xs[max(i-1, 0)]
}

// write prints the table and, with jsonOut, the JSON line last.
func (r Report) write(w io.Writer, jsonOut bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "viewers\tconnected\tfirst frame p50\tfirst frame p95\tloss\tkbps\n")
	fmt.Fprintf(tw, "%d\t%d\t%.0f ms\t%.0f ms\t%.3f%%\t%.0f\n", r.Viewers, r.Connected,
		r.FirstFrameP50, r.FirstFrameP95, r.LossMean*100, r.KbpsMean)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("bench: write report: %w", err)
	}
	if r.noFrames > 0 {
		fmt.Fprintf(w, "%d connected viewers had no complete keyframe\n", r.noFrames)
	}
	if n := len(r.errors); n > 0 {
		fmt.Fprintf(w, "%d sessions failed; first: %s\n", n, r.errors[0])
	}
	if !jsonOut {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("bench: encode report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
