package tts

import "math"

// resampleTaps is the half-width of the windowed-sinc kernel, in input
// samples when upsampling and output samples when downsampling.
const resampleTaps = 16

// maxExactPhases bounds the polyphase table; ratios needing more phases
// compute their kernel per output sample instead.
const maxExactPhases = 1024

// Resample converts mono PCM from one sample rate to another with a
// Blackman-windowed sinc filter whose cutoff sits just below the lower of the
// two Nyquist frequencies, so upsampling adds no images and downsampling no aliases.
func Resample(pcm []int16, from, to int) []int16 {
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
	half := int(math.Ceil(resampleTaps / ratio))
	var table [][]float64
	if up <= maxExactPhases {
		table = make([][]float64, up)
		for p := range up {
			table[p] = kernel(float64(p)/float64(up), fc, half)
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
			h = kernel(float64(p)/float64(up), fc, half)
		}
		out[i] = clamp16(convolve(pcm, k0-half+1, h))
	}
	return out
}

// kernel returns the filter taps for input samples k0-half+1 … k0+half when
// the output falls frac of a sample after k0, normalised to unity gain at DC.
func kernel(frac, fc float64, half int) []float64 {
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
func convolve(pcm []int16, start int, h []float64) float64 {
	acc := 0.0
	for j, c := range h {
		k := start + j
		if k >= 0 && k < len(pcm) {
			acc += c * float64(pcm[k])
		}
	}
	return acc
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

func clamp16(v float64) int16 {
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(math.Round(v))
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
