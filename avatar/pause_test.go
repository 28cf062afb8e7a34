package avatar

import (
	"math"
	"slices"
	"testing"
)

// tone is ms milliseconds of a loud 300 Hz sine.
func tone(ms int) []int16 {
	pcm := make([]int16, ms*48)
	for i := range pcm {
		pcm[i] = int16(8000 * math.Sin(2*math.Pi*300*float64(i)/48000))
	}
	return pcm
}

func TestFindPauses(t *testing.T) {
	quiet := func(ms int) []int16 { return make([]int16, ms*48) }
	tests := []struct {
		name  string
		parts [][]int16
		want  []int
	}{
		{"no silence", [][]int16{tone(500)}, nil},
		{"too short a gap", [][]int16{tone(200), quiet(50), tone(200)}, nil},
		{"a breath", [][]int16{tone(200), quiet(100), tone(200)}, []int{frameLen * 6}},
		{"trailing silence", [][]int16{tone(100), quiet(300)}, []int{frameLen * 3}},
		{"leading silence", [][]int16{quiet(100), tone(100)}, []int{frameLen}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm := slices.Concat(tt.parts...)
			got := findPauses(pcm)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("pauses %v, want %v", got, tt.want)
			}
			for _, p := range got {
				if p%frameLen != 0 || !silent(pcm[p-frameSamples:p]) {
					t.Errorf("pause %d: not a frame boundary after a silent packet", p)
				}
			}
		})
	}
}

func TestPlanCut(t *testing.T) {
	const ms = sampleRate / 1000
	tests := []struct {
		name      string
		pauses    []int
		pos       int
		cut, fade int
	}{
		{"pause ahead", []int{frameLen * 10}, frameLen * 5, frameLen * 10, -1},
		{"pause here", []int{frameLen * 5}, frameLen * 5, frameLen * 5, -1},
		{"pause behind", []int{frameLen * 2}, frameLen * 5, frameLen * 6, frameLen * 5},
		{"pause too far", []int{500 * ms}, 0, frameLen, 0},
		{"pause at the limit", []int{400 * ms}, 0, 400 * ms, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := &playing{pos: tt.pos, cut: -1, fade: -1,
				view: trackView{pcm: make([]int16, sampleRate), pauses: tt.pauses}}
			pl.planCut()
			if pl.cut != tt.cut || pl.fade != tt.fade {
				t.Errorf("cut %d fade %d, want cut %d fade %d", pl.cut, pl.fade, tt.cut, tt.fade)
			}
		})
	}
}

// TestFadeOut checks that a cut without a pause fades the frame to silence
// in 30 ms.
func TestFadeOut(t *testing.T) {
	loud := tone(100)
	pl := &playing{pos: frameLen, cut: -1, fade: -1, view: trackView{pcm: loud}}
	pl.planCut()
	var played []int16
	for range ticksPerFrame {
		pcm := make([]int16, frameSamples)
		pl.next(pcm)
		played = append(played, pcm...)
	}
	if !pl.over() {
		t.Error("the line is not over after its fade")
	}
	if peakOf(played[:240]) < 4000 {
		t.Error("the fade starts quiet")
	}
	if peakOf(played[fadeSamples:]) != 0 {
		t.Error("sound after the fade")
	}
	for i := 480; i < fadeSamples; i += 480 {
		if peakOf(played[i:i+480]) > peakOf(played[i-480:i]) {
			t.Errorf("the fade grows louder at sample %d", i)
		}
	}
}
