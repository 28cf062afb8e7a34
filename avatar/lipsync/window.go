package lipsync

import (
	"math"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// window is what Analyze measures of one frame's audio.
type window struct {
	db float64 // RMS level, dB relative to full scale
	// hz is the RMS frequency: the square root of the ratio of the energy of
	// the signal's derivative to its own, a cheap spectral centroid.
	hz float64
	// zcr is the zero-crossing rate, crossings per sample.
	zcr float64
}

func measure(pcm []int16, sampleRate int) window {
	var energy, diffEnergy float64
	crossings := 0
	prev := 0.0
	for i, s := range pcm {
		x := float64(s) / 32768
		energy += x * x
		if i > 0 {
			d := x - prev
			diffEnergy += d * d
			if (x >= 0) != (prev >= 0) {
				crossings++
			}
		}
		prev = x
	}
	n := float64(len(pcm))
	w := window{db: math.Inf(-1), zcr: float64(crossings) / n}
	if energy == 0 {
		return w
	}
	w.db = 10 * math.Log10(energy/n)
	// For a sine of frequency f the derivative ratio is 4·sin²(πf/fs);
	// inverting it reads the ratio back as a frequency.
	ratio := math.Min(diffEnergy/energy, 4)
	w.hz = float64(sampleRate) / math.Pi * math.Asin(math.Sqrt(ratio)/2)
	return w
}

// shape is the viseme class the window's spectral balance suggests.
func (w window) shape() pose.Mouth {
	switch {
	case w.hz < roundBelowHz:
		return pose.MouthRound
	case w.hz > wideAboveHz:
		return pose.MouthWide
	}
	return pose.MouthOpen
}
