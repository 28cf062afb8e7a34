package lipsync

import "testing"

func TestMotionDeterministic(t *testing.T) {
	a, b := NewMotion(7), NewMotion(7)
	for f := range 2000 {
		if pa, pb := a.At(f, f%300 < 150), b.At(f, f%300 < 150); pa != pb {
			t.Fatalf("frame %d: %+v != %+v with the same seed", f, pa, pb)
		}
	}
}

func TestMotionBlinkSpacing(t *testing.T) {
	m := NewMotion(42)
	var starts []int
	prev := float32(0)
	for f := range 60 * MotionFPS {
		b := m.At(f, false).Blink
		if b > 0 && prev == 0 {
			starts = append(starts, f)
		}
		prev = b
	}
	if len(starts) < 60/6 || len(starts) > 60/2*2 {
		t.Fatalf("%d blinks in a minute, want 10…60", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		gap := starts[i] - starts[i-1]
		if gap > blinkMaxGap || gap < len(blinkCurve)+1 {
			t.Errorf("blink gap %d frames, want %d…%d", gap, len(blinkCurve)+1, blinkMaxGap)
		}
	}
}

func TestMotionSwayAndBreath(t *testing.T) {
	m := NewMotion(1)
	var minX, maxX, minB, maxB float32
	for f := range 10 * MotionFPS {
		p := m.At(f, false)
		if p.Open != 0 || p.Mouth != 0 {
			t.Fatalf("idle pose has mouth %v %.2f, want closed", p.Mouth, p.Open)
		}
		minX, maxX = min(minX, p.HeadX), max(maxX, p.HeadX)
		minB, maxB = min(minB, p.Breath), max(maxB, p.Breath)
	}
	if maxX-minX < 2 || maxX-minX > 20 {
		t.Errorf("head sways %.1f px over 10 s, want slight movement (2…20)", maxX-minX)
	}
	if minB < 0 || maxB < 1.5 {
		t.Errorf("breath ranges %.1f…%.1f, want 0…2", minB, maxB)
	}
}

func TestMotionSpeakingNods(t *testing.T) {
	quiet, talking := NewMotion(3), NewMotion(3)
	var diff float32
	for f := range 5 * MotionFPS {
		d := quiet.At(f, false).HeadY - talking.At(f, true).HeadY
		diff = max(diff, d, -d)
	}
	if diff < 1 {
		t.Errorf("speaking moves the head at most %.2f px more, want nods (≥ 1)", diff)
	}
}
