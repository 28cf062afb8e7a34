package tts

import "errors"

// Errors returned by this package; compare with errors.Is.
var (
	// ErrNoEspeak means the espeak-ng binary is not installed or not on PATH.
	ErrNoEspeak = errors.New("espeak-ng not found: apt-get install espeak-ng")
	// ErrEmptyText means a Request had no speakable text.
	ErrEmptyText = errors.New("tts: empty text")
	// ErrUnknownLang means a Request named a language the engine has no voice for.
	ErrUnknownLang = errors.New("tts: unknown language")
	// ErrBadWAV means the synthesizer's output was not a WAV file this package can read.
	ErrBadWAV = errors.New("tts: malformed WAV")
	// ErrBadPCM means a speech service returned no audio, or audio that is not 16-bit PCM.
	ErrBadPCM = errors.New("tts: malformed PCM")
	// ErrNoWorker means the speech worker cannot run in this process (it
	// cannot be started, or ErrNoLibrary), so speech runs one espeak-ng
	// process per request instead.
	ErrNoWorker = errors.New("tts worker unavailable")
	// ErrNoLibrary means libespeak-ng.so.1 could not be loaded.
	ErrNoLibrary = errors.New("tts: libespeak-ng.so.1 unavailable")
	// ErrWorker means the speech worker died or overran the timeout during a
	// request; it has been killed, and the next request starts a new one.
	ErrWorker = errors.New("tts worker failed")
	// ErrWorkerProtocol means a speech worker's frame was malformed.
	ErrWorkerProtocol = errors.New("tts worker: malformed frame")
	// ErrSynth means the synthesizer rejected a request, such as a voice it does not have.
	ErrSynth = errors.New("tts: synthesis failed")
	// ErrConfig means an engine's config cannot work, such as a base URL that is not http(s).
	ErrConfig = errors.New("tts: invalid engine config")
)
