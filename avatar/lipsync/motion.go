package lipsync

import (
	"math"
	"math/rand"
	"sort"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// MotionFPS is the frame rate Motion's frame numbers count in.
const MotionFPS = 25

// Blink timing, in frames at MotionFPS.
const (
	blinkMinGap = 2 * MotionFPS // blinks come every 2 to 6 seconds
	blinkMaxGap = 6 * MotionFPS
	doubleBlink = 0.15 // the chance that a blink is followed at once by another
)

// blinkCurve is how far the eyelids are closed over the frames of one blink.
var blinkCurve = [...]float32{0.5, 1, 1, 0.6, 0.2}

// Motion generates the idle movement of a host: blinks at random but
// reproducible moments, a slow sway of the head that grows and adds nods
// while speaking, and breathing. It is not safe for concurrent use.
type Motion struct {
	rng    *rand.Rand
	blinks []int // start frames, ascending
	phase  [5]float64
	// speaking eases between 0 and 1 so that nods fade in and out.
	speaking float64
}

// NewMotion returns a motion generator; the same seed gives the same blinks and sway.
func NewMotion(seed int64) *Motion {
	m := &Motion{rng: rand.New(rand.NewSource(seed))}
	for i := range m.phase {
		m.phase[i] = m.rng.Float64() * 2 * math.Pi
	}
	m.blinks = []int{m.nextGap()}
	return m
}

// At returns the idle pose for a video frame (frames count at MotionFPS);
// its mouth is closed, for lip sync to fill in with Frame.Apply.
// Calls are expected with increasing frames: the ease in and out of
// speaking motion advances one step per call.
func (m *Motion) At(frame int, speaking bool) pose.Pose {
	target := 0.0
	if speaking {
		target = 1
	}
	m.speaking += 0.1 * (target - m.speaking)

	t := float64(frame) / MotionFPS
	sway := 1 + 0.4*m.speaking
	nod := m.speaking * 2.5 * math.Sin(2*math.Pi*t/0.9+m.phase[4])
	return pose.Pose{
		Blink:  m.blinkAt(frame),
		HeadX:  float32(sway * (5*wave(t, 7.3, m.phase[0]) + 1.5*wave(t, 3.1, m.phase[1]))),
		HeadY:  float32(sway*2.5*wave(t, 5.9, m.phase[2]) + nod),
		Tilt:   float32(sway * 0.025 * wave(t, 8.7, m.phase[3])),
		Breath: float32(1 - math.Cos(2*math.Pi*t/4.2)), // 0…2 px, about 14 breaths a minute
	}
}

// blinkAt is how far the eyelids are closed at frame.
func (m *Motion) blinkAt(frame int) float32 {
	for m.blinks[len(m.blinks)-1] <= frame {
		last := m.blinks[len(m.blinks)-1]
		gap := m.nextGap()
		if m.rng.Float64() < doubleBlink {
			gap = len(blinkCurve) + 2
		}
		m.blinks = append(m.blinks, last+gap)
	}
	i := sort.SearchInts(m.blinks, frame+1) - 1 // the last blink starting at or before frame
	if i < 0 {
		return 0
	}
	if d := frame - m.blinks[i]; d < len(blinkCurve) {
		return blinkCurve[d]
	}
	return 0
}

func (m *Motion) nextGap() int {
	return blinkMinGap + m.rng.Intn(blinkMaxGap-blinkMinGap+1)
}

// wave is a unit sine with the given period in seconds.
func wave(t, period, phase float64) float64 {
	return math.Sin(2*math.Pi*t/period + phase)
}
