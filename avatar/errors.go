package avatar

import "errors"

// Errors returned by this package; compare with errors.Is.
var (
	// ErrConfig means a PresenterConfig lacks something the presenter needs.
	ErrConfig = errors.New("avatar: invalid presenter config")
	// ErrRunning means Run was called while the presenter was already running.
	ErrRunning = errors.New("avatar: presenter already running")
	// ErrClosed means the presenter was used after Close or after Run returned.
	ErrClosed = errors.New("avatar: presenter closed")
	// ErrSampleRate means a TTS engine returned speech at a rate other than 48 kHz.
	ErrSampleRate = errors.New("avatar: speech not at 48 kHz")
	// ErrQueueFull means an utterance arrived while too many were waiting.
	ErrQueueFull = errors.New("avatar: utterance queue full")
)
