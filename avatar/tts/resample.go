package tts

import (
	"math"
	"sync"
)

// resampleHalf is the half-width of the filter, in input samples when
// upsampling and output samples when downsampling. With the Kaiser window
// below, 12 keeps espeak-ng's 22050 Hz speech flat to 9 kHz (-0.3 dB) and
// its images from 12 kHz up under -70 dB.
const resampleHalf = 12

// resampleBeta is the Kaiser window's shape: about 70 dB of stopband.
const resampleBeta = 6

// resampleCutoff places the cutoff just below the lower Nyquist frequency.
const resampleCutoff = 0.93

// maxPhases bounds the polyphase table; ratios needing more phases use the
// phase at or just before the exact one, less than 1/maxPhases of a sample early.
const maxPhases = 1024

// coefBits is the fixed-point scale of the filter's taps: Q15.
const coefBits = 15

// espeakPolyphase is the filter for espeak-ng's 22050 Hz to SampleRate,
// built on first use and read-only after.
var espeakPolyphase = sync.OnceValue(func() *polyphase { return newPolyphase(22050, SampleRate) })

// Resample converts mono PCM from one sample rate to another with a
// Kaiser-windowed sinc filter whose cutoff sits just below the lower of the
// two Nyquist frequencies, so upsampling adds no images and downsampling no
// aliases.
func Resample(pcm []int16, from, to int) []int16 {
	if from <= 0 || to <= 0 || len(pcm) == 0 {
		return nil
	}
	if from == to {
		return append([]int16(nil), pcm...)
	}
	if from == 22050 && to == SampleRate {
		return espeakPolyphase().apply(pcm)
	}
	return newPolyphase(from, to).apply(pcm)
}

// polyphase is a resampling filter for one ratio: up output samples for
// every down input samples, with one row of taps per output phase.
type polyphase struct {
	up, down, phases, half int
	// taps holds phases rows of 2·half Q15 taps; row p serves outputs that
	// fall p/phases of an input sample after their first input sample.
	taps []int32
}

func newPolyphase(from, to int) *polyphase {
	g := gcd(from, to)
	f := &polyphase{up: to / g, down: from / g}
	ratio := math.Min(1, float64(to)/float64(from))
	// Downsampling narrows the passband, so the kernel widens to keep its transition band sharp.
	f.half = int(math.Ceil(resampleHalf / ratio))
	f.phases = min(f.up, maxPhases)
	width := 2 * f.half
	f.taps = make([]int32, f.phases*width)
	for p := range f.phases {
		kernel(f.taps[p*width:(p+1)*width], float64(p)/float64(f.phases),
			resampleCutoff*ratio, f.half)
	}
	return f
}

// apply resamples pcm, treating samples outside it as silence.
func (f *polyphase) apply(pcm []int16) []int16 {
	width := 2 * f.half
	// Zeros on both sides let every output read a full row of input.
	padded := make([]int16, len(pcm)+2*width)
	copy(padded[f.half:], pcm)
	out := make([]int16, (len(pcm)*f.up+f.down-1)/f.down)
	k0, rem := 0, 0 // output i falls rem/up of a sample after input k0
	for i := range out {
		p := rem
		if f.phases != f.up {
			p = rem * f.phases / f.up
		}
		x := padded[k0+1 : k0+1+width] // inputs k0-half+1 … k0+half
		h := f.taps[p*width : (p+1)*width]
		if width == 2*resampleHalf {
			out[i] = clamp16(dotHalf((*[2 * resampleHalf]int32)(h), (*[2 * resampleHalf]int16)(x)))
		} else {
			out[i] = clamp16(dot(h, x))
		}
		for rem += f.down; rem >= f.up; rem -= f.up {
			k0++
		}
	}
	return out
}

// dot is the sum of h[j]·x[j] over h. It takes four taps a step, in two
// sums, so that the processor overlaps the multiplications.
func dot(h []int32, x []int16) int64 {
	x = x[:len(h)]
	var a, b int64
	j := 0
	for ; j+4 <= len(h); j += 4 {
		hh, xx := (*[4]int32)(h[j:j+4]), (*[4]int16)(x[j:j+4])
		a += int64(hh[0])*int64(xx[0]) + int64(hh[2])*int64(xx[2])
		b += int64(hh[1])*int64(xx[1]) + int64(hh[3])*int64(xx[3])
	}
	for ; j < len(h); j++ {
		a += int64(h[j]) * int64(x[j])
	}
	return a + b
}

// dotHalf is dot for upsampling's 2·resampleHalf taps, unrolled: the
// espeak-ng path spends most of its time here.
func dotHalf(h *[2 * resampleHalf]int32, x *[2 * resampleHalf]int16) int64 {
	var a, b, c, d int64
	for j := 0; j < len(h); j += 4 {
		a += int64(h[j]) * int64(x[j])
		b += int64(h[j+1]) * int64(x[j+1])
		c += int64(h[j+2]) * int64(x[j+2])
		d += int64(h[j+3]) * int64(x[j+3])
	}
	return a + b + c + d
}

// kernel fills h with the Q15 taps for inputs k0-half+1 … k0+half when the
// output falls frac of a sample after k0, summing exactly to unity at DC.
func kernel(h []int32, frac, fc float64, half int) {
	w := make([]float64, len(h))
	sum := 0.0
	for j := range w {
		d := frac - float64(j-half+1) // distance from the output point
		x := d / float64(half)        // -1 … 1 across the window
		w[j] = fc * sinc(fc*d) * bessel0(resampleBeta*math.Sqrt(max(0, 1-x*x)))
		sum += w[j]
	}
	total, peak := int32(0), 0
	for j := range w {
		h[j] = int32(math.Round(w[j] / sum * (1 << coefBits)))
		total += h[j]
		if math.Abs(w[j]) > math.Abs(w[peak]) {
			peak = j
		}
	}
	h[peak] += 1<<coefBits - total // rounding must not change the gain
}

// bessel0 is the modified Bessel function of the first kind, order zero,
// which shapes the Kaiser window (its constant denominator cancels when the
// taps are normalised).
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 32; k++ {
		term *= x / 2 / float64(k)
		sum += term * term
	}
	return sum
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// clamp16 rounds a Q15 sum to a sample, saturating.
func clamp16(acc int64) int16 {
	v := (acc + 1<<(coefBits-1)) >> coefBits
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(v)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
