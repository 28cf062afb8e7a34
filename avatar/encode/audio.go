package encode

import (
	"fmt"
	"sync"
	"unsafe"

	// The libopus static library linked by mediadevices' binding is the one
	// this package calls through its own C shim (opusenc.c).
	_ "github.com/pion/mediadevices/pkg/codec/opus"
)

// #cgo CFLAGS: -I${SRCDIR}/include
// #include "opusenc.h"
import "C"

// Audio format: WebRTC's Opus clock, mono, 20 ms per packet.
const (
	AudioSampleRate   = 48000
	AudioFrameSamples = AudioSampleRate / 50
)

// DefaultAudioBitrateKbps is the Opus bitrate when AudioConfig leaves it unset.
const DefaultAudioBitrateKbps = 48

// audioComplexity is libopus's effort, 0 to 10. Its default of 10 costs
// about twice the processor time of 5 for a synthetic voice that sounds the
// same at 48 kbps.
const audioComplexity = 5

// maxPacket is the largest Opus packet (RFC 6716 §3.2.1).
const maxPacket = 1275

// AudioConfig sets the Opus encoder's bitrate.
type AudioConfig struct {
	// BitrateKbps is the target bitrate; default 48.
	BitrateKbps int
}

// Audio is an Opus encoder for 48 kHz mono speech: each Encode of one
// 20 ms frame yields exactly one packet. It is safe for concurrent use.
type Audio struct {
	// mu guards enc and closed.
	mu     sync.Mutex
	enc    *C.OpusEncoder
	closed bool
}

// NewAudio starts an Opus encoder for cfg, tuned for voice.
func NewAudio(cfg AudioConfig) (*Audio, error) {
	if cfg.BitrateKbps <= 0 {
		cfg.BitrateKbps = DefaultAudioBitrateKbps
	}
	return newAudio(cfg, audioComplexity)
}

func newAudio(cfg AudioConfig, complexity int) (*Audio, error) {
	var rv C.int
	enc := C.opusenc_open(AudioSampleRate, C.int(cfg.BitrateKbps*1000), C.int(complexity), &rv)
	if enc == nil {
		return nil, fmt.Errorf("%w: opus encoder: %s", ErrEncoder, C.GoString(C.opus_strerror(rv)))
	}
	return &Audio{enc: enc}, nil
}

// Encode compresses one 20 ms frame: exactly AudioFrameSamples (960) samples.
func (a *Audio) Encode(pcm []int16) ([]byte, error) {
	if len(pcm) != AudioFrameSamples {
		return nil, fmt.Errorf("%w: %d samples, want %d", ErrFrameSize, len(pcm), AudioFrameSamples)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, ErrClosed
	}
	pkt := make([]byte, maxPacket)
	n := C.opus_encode(a.enc, (*C.opus_int16)(unsafe.Pointer(&pcm[0])), AudioFrameSamples,
		(*C.uchar)(unsafe.Pointer(&pkt[0])), maxPacket)
	if n < 0 {
		return nil, fmt.Errorf("%w: opus encode: %s", ErrEncoder, C.GoString(C.opus_strerror(n)))
	}
	return pkt[:n:n], nil
}

// Close frees the encoder. It is safe to call more than once.
func (a *Audio) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	C.opus_encoder_destroy(a.enc)
	a.enc = nil
	return nil
}
