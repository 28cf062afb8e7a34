// Package lipsync decides the host's mouth from the speech itself, so any TTS
// engine drives it, and adds the idle motion (blinks, sway, breathing) that
// keeps a still avatar looking alive.
package lipsync

import (
	"math"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// Frame is the mouth for one video frame.
type Frame struct {
	Mouth pose.Mouth
	// Open is how far the mouth is open, 0 to 1; 0 whenever Mouth is closed.
	Open float32
}

// Apply returns p with its mouth replaced by f's.
func (f Frame) Apply(p pose.Pose) pose.Pose {
	p.Mouth, p.Open = f.Mouth, f.Open
	return p
}

// Level thresholds, in dB relative to full scale.
const (
	silenceDB = -50 // quieter windows are silence whatever the clip's peak
	rangeDB   = 24  // the span below the clip's peak that maps to Open 0…1
)

// Smoothing: the mouth opens within a frame and closes over a few.
const (
	attack  = 0.8
	release = 0.5
	closeAt = 0.08 // a smoothed opening below this is a closed mouth
	shapeAt = 0.3  // a window must be this open to change the mouth's shape
)

// Spectral shape thresholds on a window's RMS frequency, in Hz.
const (
	roundBelowHz = 650  // o, u: energy sits in the low formants
	wideAboveHz  = 1350 // i, e and sibilants: strong second formant and friction
)

// Analyze cuts mono pcm into one window per video frame (sampleRate/fps
// samples; the last window may be short) and returns each frame's mouth.
// Loudness relative to the clip's peak sets how far the mouth opens; the
// window's spectral balance picks round, open or wide.
func Analyze(pcm []int16, sampleRate, fps int) []Frame {
	if sampleRate <= 0 || fps <= 0 || len(pcm) == 0 {
		return nil
	}
	win := max(1, sampleRate/fps)
	windows := make([]window, 0, (len(pcm)+win-1)/win)
	peak := math.Inf(-1)
	for off := 0; off < len(pcm); off += win {
		w := measure(pcm[off:min(off+win, len(pcm))], sampleRate)
		peak = math.Max(peak, w.db)
		windows = append(windows, w)
	}
	floor := math.Max(peak-rangeDB, silenceDB)
	frames := make([]Frame, len(windows))
	var open float64
	shape := pose.MouthOpen
	for i, w := range windows {
		target := 0.0
		if w.db > floor && peak > silenceDB {
			target = math.Min(1, (w.db-floor)/math.Max(peak-floor, 1))
		}
		if target > open {
			open += attack * (target - open)
		} else {
			open += release * (target - open)
		}
		if target >= shapeAt {
			shape = w.shape()
		}
		if open >= closeAt {
			frames[i] = Frame{Mouth: shape, Open: float32(open)}
		}
	}
	return frames
}
