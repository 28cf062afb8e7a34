package tts

// #cgo LDFLAGS: -ldl
// #include <stdlib.h>
// #include "espeaklib.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// library is libespeak-ng loaded into this process. Only a speech worker
// loads it, so that a crash inside the library takes down the worker and
// not the rooms. Its calls must not run concurrently.
type library struct {
	sampleRate int
}

// openLibrary loads and initialises libespeak-ng.so.1. An error wraps
// ErrNoLibrary.
func openLibrary() (*library, error) {
	var msg [256]C.char
	rate := C.espeaklib_open(&msg[0], C.size_t(len(msg)))
	if rate <= 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoLibrary, C.GoString(&msg[0]))
	}
	return &library{sampleRate: int(rate)}, nil
}

// synth speaks text with the voice at rate words per minute and pitch 0-99,
// and returns PCM at l.sampleRate.
func (l *library) synth(voice string, rate, pitch int, text string) ([]int16, error) {
	cVoice, cText := C.CString(voice), C.CString(text)
	defer C.free(unsafe.Pointer(cVoice))
	defer C.free(unsafe.Pointer(cText))
	var pcm *C.short
	var n C.size_t
	switch step := C.espeaklib_synth(cVoice, C.int(rate), C.int(pitch), cText, &pcm, &n); step {
	case 0:
	case 1:
		return nil, fmt.Errorf("%w: voice %q", ErrSynth, voice)
	case 2:
		return nil, fmt.Errorf("%w: rate %d pitch %d", ErrSynth, rate, pitch)
	default:
		return nil, fmt.Errorf("%w: espeak_Synth step %d", ErrSynth, step)
	}
	defer C.free(unsafe.Pointer(pcm))
	if n == 0 {
		return nil, nil
	}
	return append([]int16(nil), unsafe.Slice((*int16)(unsafe.Pointer(pcm)), int(n))...), nil
}
