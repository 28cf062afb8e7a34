package encode

import (
	"fmt"
	"sync"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
)

// Audio format: WebRTC's Opus clock, mono, 20 ms per packet.
const (
	AudioSampleRate   = 48000
	AudioFrameSamples = AudioSampleRate / 50
)

// DefaultAudioBitrateKbps is the Opus bitrate when AudioConfig leaves it unset.
const DefaultAudioBitrateKbps = 48

// AudioConfig sets the Opus encoder's bitrate.
type AudioConfig struct {
	// BitrateKbps is the target bitrate; default 48.
	BitrateKbps int
}

// Audio is an Opus encoder for 48 kHz mono speech: each Encode of one
// 20 ms frame yields exactly one packet. It is safe for concurrent use.
type Audio struct {
	// mu guards enc, next and closed.
	mu     sync.Mutex
	enc    codec.ReadCloser
	next   *wave.Int16Interleaved // the frame the encoder's reader hands it on the next Read
	closed bool
}

// NewAudio starts an Opus encoder for cfg.
func NewAudio(cfg AudioConfig) (*Audio, error) {
	if cfg.BitrateKbps <= 0 {
		cfg.BitrateKbps = DefaultAudioBitrateKbps
	}
	p, err := opus.NewParams()
	if err != nil {
		return nil, fmt.Errorf("opus params: %w", err)
	}
	p.BitRate = cfg.BitrateKbps * 1000
	p.Latency = opus.Latency20ms
	a := &Audio{}
	// The encoder buffers its input until it holds one 20 ms frame; handing
	// it exactly that much per Read keeps one Encode to one packet.
	reader := audio.ReaderFunc(func() (wave.Audio, func(), error) {
		return a.next, func() {}, nil
	})
	media := prop.Media{Audio: prop.Audio{SampleRate: AudioSampleRate, ChannelCount: 1}}
	a.enc, err = p.BuildAudioEncoder(reader, media)
	if err != nil {
		return nil, fmt.Errorf("opus encoder: %w", err)
	}
	return a, nil
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
	frame := wave.NewInt16Interleaved(wave.ChunkInfo{
		Len: AudioFrameSamples, Channels: 1, SamplingRate: AudioSampleRate,
	})
	copy(frame.Data, pcm)
	a.next = frame
	pkt, release, err := a.enc.Read()
	a.next = nil
	if err != nil {
		return nil, fmt.Errorf("opus encode: %w", err)
	}
	release()
	return pkt, nil
}

// Close frees the encoder. It is safe to call more than once.
func (a *Audio) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	if err := a.enc.Close(); err != nil {
		return fmt.Errorf("close opus encoder: %w", err)
	}
	return nil
}
