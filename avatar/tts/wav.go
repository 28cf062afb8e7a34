package tts

import (
	"encoding/binary"
	"fmt"
)

// wavAudio is the PCM payload of a WAV file, mixed down to mono.
type wavAudio struct {
	pcm        []int16
	sampleRate int
}

// parseWAV reads a 16-bit PCM RIFF/WAVE file. espeak-ng writing to a pipe
// cannot seek back to fill in sizes, so a data chunk whose declared size runs
// past the end is read to the end of the input.
func parseWAV(b []byte) (wavAudio, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return wavAudio{}, fmt.Errorf("%w: no RIFF/WAVE header", ErrBadWAV)
	}
	var channels, bits, format int
	rate := 0
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := b[off+8:]
		if size < 0 || size > len(body) {
			size = len(body)
		}
		switch id {
		case "fmt ":
			if size < 16 {
				return wavAudio{}, fmt.Errorf("%w: short fmt chunk", ErrBadWAV)
			}
			format = int(binary.LittleEndian.Uint16(body[0:2]))
			channels = int(binary.LittleEndian.Uint16(body[2:4]))
			rate = int(binary.LittleEndian.Uint32(body[4:8]))
			bits = int(binary.LittleEndian.Uint16(body[14:16]))
		case "data":
			if format != 1 || bits != 16 || channels < 1 || rate <= 0 {
				return wavAudio{}, fmt.Errorf(
					"%w: want 16-bit PCM, got format %d, %d bits, %d channels",
					ErrBadWAV, format, bits, channels)
			}
			return wavAudio{pcm: decodeFrames(body[:size], channels), sampleRate: rate}, nil
		}
		off += 8 + size + size%2
	}
	return wavAudio{}, fmt.Errorf("%w: no data chunk", ErrBadWAV)
}

// decodeFrames decodes little-endian interleaved 16-bit samples, averaging channels.
func decodeFrames(data []byte, channels int) []int16 {
	frame := 2 * channels
	n := len(data) / frame
	pcm := make([]int16, n)
	for i := range n {
		sum := 0
		for c := range channels {
			o := i*frame + 2*c
			sum += int(int16(binary.LittleEndian.Uint16(data[o : o+2])))
		}
		pcm[i] = int16(sum / channels)
	}
	return pcm
}
