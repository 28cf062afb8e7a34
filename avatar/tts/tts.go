// Package tts turns a line of text into speech: 48 kHz mono PCM that the
// avatar plays, lip-syncs to and encodes.
package tts

import (
	"context"
	"time"
)

// SampleRate is the rate of every Speech an Engine returns, the rate Opus runs at in WebRTC.
const SampleRate = 48000

// Request is one line to speak and how to speak it.
type Request struct {
	// Text is the line, in the language Lang names.
	Text string
	// Lang is "zh" (Mandarin, the default when empty) or "en".
	Lang string
	// Speed scales the speaking rate; 1 (or 0) is normal.
	Speed float64
	// Pitch scales the voice's pitch; 1 (or 0) is normal.
	Pitch float64
}

// Speech is synthesized audio: mono 16-bit PCM.
type Speech struct {
	PCM []int16
	// SampleRate is always SampleRate (48000).
	SampleRate int
}

// Duration is how long the speech plays.
func (s Speech) Duration() time.Duration {
	if s.SampleRate <= 0 {
		return 0
	}
	return time.Duration(len(s.PCM)) * time.Second / time.Duration(s.SampleRate)
}

// Engine synthesizes speech. Implementations must be safe for concurrent use.
type Engine interface {
	// Synthesize speaks req. It stops and returns an error when ctx is done.
	Synthesize(ctx context.Context, req Request) (Speech, error)
	// Name identifies the engine in logs and health reports.
	Name() string
}
