// Package pose describes the host's face and body for one video frame: what
// lip sync and idle motion decide, and what the renderer draws.
package pose

// Mouth is the mouth shape (viseme class) for one frame.
type Mouth uint8

// Mouth shapes, from the audio's energy and spectral shape.
const (
	MouthClosed Mouth = iota // silence, m/b/p
	MouthOpen                // a medium open vowel
	MouthWide                // a wide vowel (i, e)
	MouthRound               // a rounded vowel (o, u)
)

// String names the shape for logs and golden files.
func (m Mouth) String() string {
	switch m {
	case MouthOpen:
		return "open"
	case MouthWide:
		return "wide"
	case MouthRound:
		return "round"
	}
	return "closed"
}

// Pose is everything about the host's body that can change from frame to frame.
// The zero value is the neutral pose: mouth closed, eyes open, head centred.
type Pose struct {
	Mouth Mouth
	// Open is how far the mouth is open, 0 (closed) to 1 (fully).
	Open float32
	// Blink is how far the eyelids are closed, 0 (open) to 1 (shut).
	Blink float32
	// HeadX and HeadY move the head in pixels from its rest position.
	HeadX, HeadY float32
	// Tilt turns the head in radians, positive clockwise.
	Tilt float32
	// Breath lifts the shoulders in pixels.
	Breath float32
}
