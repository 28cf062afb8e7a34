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

func BenchmarkResample22050To48000(b *testing.B) {
	in := sine(440, 22050, 22050, 10000) // one second
	for b.Loop() {
		Resample(in, 22050, 48000)
	}
}
