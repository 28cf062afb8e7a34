package lipsync

import (
	"math"
	"testing"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

const rate, fps = 48000, 25

// vowel is a voiced, vowel-like signal: a 150 Hz fundamental with harmonics
// shaped by two formants (f1, f2, in Hz).
func vowel(d float64, f1, f2, amp float64) []int16 {
	n := int(d * rate)
	pcm := make([]int16, n)
	var peak float64
	buf := make([]float64, n)
	for h := 1; h*150 < 5000; h++ {
		f := float64(h * 150)
		g := formant(f, f1) + formant(f, f2)
		for i := range buf {
			buf[i] += g * math.Sin(2*math.Pi*f*float64(i)/rate)
		}
	}
	for _, v := range buf {
		peak = math.Max(peak, math.Abs(v))
	}
	for i, v := range buf {
		pcm[i] = int16(amp * v / peak)
	}
	return pcm
}

func formant(f, center float64) float64 {
	bw := 120.0
	return 1 / (1 + ((f-center)/bw)*((f-center)/bw))
}

func TestAnalyzeSilenceIsClosed(t *testing.T) {
	for _, f := range Analyze(make([]int16, rate), rate, fps) {
		if f.Mouth != pose.MouthClosed || f.Open != 0 {
			t.Fatalf("silence gave %v %.2f, want closed 0", f.Mouth, f.Open)
		}
	}
}

func TestAnalyzeFrameCount(t *testing.T) {
	tests := []struct{ samples, want int }{
		{rate, 25},         // 1 s
		{rate * 3 / 2, 38}, // 1.5 s is 37.5 frames: the short last window is a frame
		{1920, 1},          // exactly one window
		{1921, 2},          // one sample into the next
		{0, 0},
	}
	for _, tt := range tests {
		if got := len(Analyze(make([]int16, tt.samples), rate, fps)); got != tt.want {
			t.Errorf("%d samples: %d frames, want %d", tt.samples, got, tt.want)
		}
	}
}

func TestAnalyzeVowels(t *testing.T) {
	tests := []struct {
		name   string
		f1, f2 float64
		want   pose.Mouth
	}{
		{"a", 800, 1200, pose.MouthOpen},
		{"i", 300, 2300, pose.MouthWide},
		{"u", 300, 700, pose.MouthRound},
	}
	for _, tt := range tests {
		frames := Analyze(vowel(0.6, tt.f1, tt.f2, 12000), rate, fps)
		mid := frames[len(frames)/2]
		if mid.Mouth != tt.want || mid.Open < 0.8 {
			t.Errorf("vowel %s: %v %.2f, want %v open ≥ 0.8", tt.name, mid.Mouth, mid.Open, tt.want)
		}
	}
}

func TestAnalyzeAttackAndRelease(t *testing.T) {
	// 0.4 s silence, 0.4 s loud vowel, 0.4 s silence: 10 frames each.
	pcm := append(make([]int16, rate*2/5), vowel(0.4, 800, 1200, 12000)...)
	pcm = append(pcm, make([]int16, rate*2/5)...)
	frames := Analyze(pcm, rate, fps)
	if frames[9].Mouth != pose.MouthClosed {
		t.Errorf("frame before the vowel: %v, want closed", frames[9].Mouth)
	}
	if frames[10].Open < 0.7 {
		t.Errorf("first vowel frame opens %.2f, want ≥ 0.7 (fast attack)", frames[10].Open)
	}
	if frames[20].Mouth == pose.MouthClosed {
		t.Errorf("first silent frame closed at once, want a gradual release")
	}
	if frames[20].Open >= frames[19].Open {
		t.Errorf("release: frame 20 open %.2f ≥ frame 19 %.2f", frames[20].Open, frames[19].Open)
	}
	if frames[25].Mouth != pose.MouthClosed {
		t.Errorf("200 ms into silence: %v, want closed", frames[25].Mouth)
	}
}

func TestAnalyzeQuietClipIsClosed(t *testing.T) {
	// A whole clip under the silence threshold is noise, not speech,
	// however it compares to its own peak.
	for _, f := range Analyze(vowel(0.4, 800, 1200, 50), rate, fps) {
		if f.Mouth != pose.MouthClosed {
			t.Fatalf("-56 dBFS clip gave %v, want closed", f.Mouth)
		}
	}
}

func TestFrameApply(t *testing.T) {
	p := pose.Pose{Blink: 1, HeadX: 3}
	got := Frame{Mouth: pose.MouthRound, Open: 0.5}.Apply(p)
	want := pose.Pose{Mouth: pose.MouthRound, Open: 0.5, Blink: 1, HeadX: 3}
	if got != want {
		t.Errorf("Apply = %+v, want %+v", got, want)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	pcm := vowel(5, 800, 1200, 12000)
	for b.Loop() {
		Analyze(pcm, rate, fps)
	}
}
