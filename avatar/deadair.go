package avatar

import "time"

// Dead air, counted in stream time (audio ticks), so a slow or stalled
// machine measures what viewers heard, not what the wall clock did.
const (
	// deadAirGrace is the silence between lines that is pacing, not dead air.
	deadAirGrace = 1500 * time.Millisecond
	// deadAirSpan is the silence after which viewers notice: such spans are counted.
	deadAirSpan = 3 * time.Second
)

// deadAirMeter measures silence on air tick by tick.
type deadAirMeter struct {
	silent int64 // ticks since speech last played, outside pauses
}

// tick accounts for one 20 ms packet: whether it carried speech and whether
// the room was paused. It returns the dead air the packet added and whether
// a silence just grew past deadAirSpan.
func (m *deadAirMeter) tick(speaking, paused bool) (dead time.Duration, longSpan bool) {
	if speaking || paused {
		m.silent = 0
		return 0, false
	}
	m.silent++
	silence := time.Duration(m.silent) * audioTick
	if silence > deadAirGrace {
		dead = audioTick
	}
	return dead, silence > deadAirSpan && silence-audioTick <= deadAirSpan
}
