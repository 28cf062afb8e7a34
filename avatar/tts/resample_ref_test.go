package tts

import "math"

// The resampler this package used before its fixed-point polyphase filter:
// a Blackman-windowed sinc of 32 taps in float64. The tests hold the new
// filter to it and the benchmarks compare against it.

const refTaps = 16

const refMaxPhases = 1024

// referenceResample converts pcm the way Resample used to.
func referenceResample(pcm []int16, from, to int) []int16 {
	if from <= 0 || to <= 0 || len(pcm) == 0 {
		return nil
	}
	if from == to {
		return append([]int16(nil), pcm...)
	}
	g := gcd(from, to)
	up, down := to/g, from/g
	ratio := math.Min(1, float64(to)/float64(from))
	fc := 0.95 * ratio
	// Downsampling narrows the passband, so the kernel widens to keep its transition band sharp.
	half := int(math.Ceil(refTaps / ratio))
	var table [][]float64
	if up <= refMaxPhases {
		table = make([][]float64, up)
		for p := range up {
			table[p] = refKernel(float64(p)/float64(up), fc, half)
		}
	}
	n := (len(pcm)*up + down - 1) / down
	out := make([]int16, n)
	for i := range out {
		num := i * down
		k0, p := num/up, num%up
		var h []float64
		if table != nil {
			h = table[p]
		} else {
			h = refKernel(float64(p)/float64(up), fc, half)
		}
		out[i] = refClamp16(refConvolve(pcm, k0-half+1, h))
	}
	return out
}

// refKernel returns the filter taps for input samples k0-half+1 … k0+half when
// the output falls frac of a sample after k0, normalised to unity gain at DC.
func refKernel(frac, fc float64, half int) []float64 {
	h := make([]float64, 2*half)
	sum := 0.0
	for j := range h {
		d := frac - float64(j-half+1) // distance from the output point
		x := d / float64(half)        // -1 … 1 across the window
		w := 0.42 + 0.5*math.Cos(math.Pi*x) + 0.08*math.Cos(2*math.Pi*x)
		h[j] = fc * sinc(fc*d) * w
		sum += h[j]
	}
	for j := range h {
		h[j] /= sum
	}
	return h
}

// convolve applies h to the input samples from start on, zero outside pcm.
func refConvolve(pcm []int16, start int, h []float64) float64 {
	acc := 0.0
	for j, c := range h {
		k := start + j
		if k >= 0 && k < len(pcm) {
			acc += c * float64(pcm[k])
		}
	}
	return acc
}

func refClamp16(v float64) int16 {
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(math.Round(v))
}
