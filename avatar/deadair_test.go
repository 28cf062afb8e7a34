package avatar

import (
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/encode"
)

// run is a stretch of ticks of one kind.
type run struct {
	ticks            int
	speaking, paused bool
}

func TestDeadAirMeter(t *testing.T) {
	silence := func(n int) run { return run{ticks: n} }
	speech := func(n int) run { return run{ticks: n, speaking: true} }
	pause := func(n int) run { return run{ticks: n, paused: true} }
	tests := []struct {
		name  string
		runs  []run
		dead  time.Duration
		spans int
	}{
		{"grace only", []run{silence(75)}, 0, 0},
		{"past the grace", []run{silence(76)}, 20 * time.Millisecond, 0},
		{"exactly three seconds", []run{silence(150)}, 1500 * time.Millisecond, 0},
		{"a long span", []run{silence(151)}, 1520 * time.Millisecond, 1},
		{"one span however long", []run{silence(1000)}, 18500 * time.Millisecond, 1},
		{"speech resets", []run{silence(100), speech(1), silence(100)}, time.Second, 0},
		{"two spans", []run{silence(200), speech(50), silence(200)}, 5 * time.Second, 2},
		{"paused is not dead", []run{silence(50), pause(1000), silence(50)}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m deadAirMeter
			var dead time.Duration
			spans := 0
			for _, r := range tt.runs {
				for range r.ticks {
					d, long := m.tick(r.speaking, r.paused)
					dead += d
					if long {
						spans++
					}
				}
			}
			if dead != tt.dead || spans != tt.spans {
				t.Errorf("dead air %v in %d spans, want %v in %d", dead, spans, tt.dead, tt.spans)
			}
		})
	}
}

// TestPresenterDeadAirStats checks the stats of an idle room against its
// stream time: every packet past the grace is dead air.
func TestPresenterDeadAirStats(t *testing.T) {
	h := newHarness(t, espeak(t), encode.VideoConfig{})
	eventually(t, "a long silence", func() bool { return h.p.Stats().DeadAirSpans == 1 })
	h.stop()
	st := h.p.Stats()
	want := time.Duration(st.AudioFrames-75) * 20 * time.Millisecond
	if st.DeadAir != want {
		t.Errorf("DeadAir = %v after %d silent packets, want %v", st.DeadAir, st.AudioFrames, want)
	}
}
