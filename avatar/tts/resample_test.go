package tts

import (
	"math"
	"testing"
)

func sine(freq float64, rate, n int, amp float64) []int16 {
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return pcm
}

// toneLevel measures the amplitude of the freq component of pcm (a single DFT bin).
func toneLevel(pcm []int16, freq float64, rate int) float64 {
	var re, im float64
	for i, s := range pcm {
		ph := 2 * math.Pi * freq * float64(i) / float64(rate)
		re += float64(s) * math.Cos(ph)
		im += float64(s) * math.Sin(ph)
	}
	return 2 * math.Hypot(re, im) / float64(len(pcm))
}

func TestResampleKeepsFrequency(t *testing.T) {
	tests := []struct {
		from, to int
		freq     float64
	}{
		{22050, 48000, 440},
		{22050, 48000, 3000},
		{48000, 16000, 1000},
		{44100, 48000, 5000},
		{22050, 48000, 8000},
		{22050, 47999, 1000}, // more phases than the table holds
	}
	for _, tt := range tests {
		in := sine(tt.freq, tt.from, tt.from/2, 10000)
		out := Resample(in, tt.from, tt.to)
		if want := (len(in)*tt.to + tt.from - 1) / tt.from; len(out) != want {
			t.Errorf("%d→%d: len = %d, want %d", tt.from, tt.to, len(out), want)
		}
		core := out[len(out)/4 : 3*len(out)/4] // away from the edges the filter sees zeros at
		if got := toneLevel(core, tt.freq, tt.to); math.Abs(got-10000) > 300 {
			t.Errorf("%d→%d %v Hz: amplitude %.0f, want ≈10000", tt.from, tt.to, tt.freq, got)
		}
		// The same tone shifted by 10% must be absent: the frequency did not move.
		if got := toneLevel(core, tt.freq*1.1, tt.to); got > 300 {
			t.Errorf("%d→%d %v Hz: energy at %v Hz = %.0f, want ≈0",
				tt.from, tt.to, tt.freq, tt.freq*1.1, got)
		}
	}
}

func TestResampleRejectsAliases(t *testing.T) {
	// 10 kHz cannot exist at 16 kHz; a good filter removes it instead of folding it to 6 kHz.
	in := sine(10000, 48000, 24000, 10000)
	out := Resample(in, 48000, 16000)
	core := out[len(out)/4 : 3*len(out)/4]
	if got := toneLevel(core, 6000, 16000); got > 200 {
		t.Errorf("alias at 6 kHz has amplitude %.0f, want < 200", got)
	}
}

func TestResampleRejectsImages(t *testing.T) {
	// Upsampling 10 kHz from 22050 Hz mirrors it to 12.05 kHz unless the filter stops it.
	in := sine(10000, 22050, 22050, 10000)
	out := Resample(in, 22050, 48000)
	core := out[len(out)/4 : 3*len(out)/4]
	if got := toneLevel(core, 12050, 48000); got > 10 {
		t.Errorf("image at 12.05 kHz has amplitude %.1f, want < 10 (-60 dB)", got)
	}
}

func TestResampleUnityGain(t *testing.T) {
	for _, level := range []int16{1000, math.MaxInt16, math.MinInt16} {
		in := make([]int16, 4410)
		for i := range in {
			in[i] = level
		}
		out := Resample(in, 22050, 48000)
		for i, s := range out[100 : len(out)-100] {
			if s != level {
				t.Fatalf("constant %d: output %d is %d, want %d", level, i+100, s, level)
			}
		}
	}
}

func TestResampleMatchesReference(t *testing.T) {
	// Speech-band content: the new filter must agree with the old one within 50 dB.
	in := make([]int16, 22050)
	for _, f := range []float64{180, 950, 2400, 4100, 6300} {
		for i, s := range sine(f, 22050, len(in), 3000) {
			in[i] += s
		}
	}
	got, want := Resample(in, 22050, 48000), referenceResample(in, 22050, 48000)
	if len(got) != len(want) {
		t.Fatalf("len = %d, reference %d", len(got), len(want))
	}
	var signal, noise float64
	for i := len(got) / 8; i < len(got)*7/8; i++ {
		d := float64(got[i]) - float64(want[i])
		signal += float64(want[i]) * float64(want[i])
		noise += d * d
	}
	if snr := 10 * math.Log10(signal/noise); snr < 50 {
		t.Errorf("differs from the reference resampler: SNR %.1f dB, want >= 50", snr)
	}
}

// BenchmarkResample22050To48000 reports the processor time per output
// sample of the resampler and of the one it replaced.
func BenchmarkResample22050To48000(b *testing.B) {
	in := sine(440, 22050, 22050, 10000) // one second
	for _, bc := range []struct {
		name string
		fn   func([]int16, int, int) []int16
	}{{"polyphase", Resample}, {"reference", referenceResample}} {
		b.Run(bc.name, func(b *testing.B) {
			start := cpuUsed()
			for b.Loop() {
				bc.fn(in, 22050, 48000)
			}
			reportCPU(b, start, 0, 48000, "cpu-ns/sample")
		})
	}
}
