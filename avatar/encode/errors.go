package encode

import "errors"

// Errors returned by this package; compare with errors.Is.
var (
	// ErrConfig means a VideoConfig or AudioConfig cannot be encoded.
	ErrConfig = errors.New("encode: invalid config")
	// ErrFrameSize means a frame does not match the encoder's configured size.
	ErrFrameSize = errors.New("encode: wrong frame size")
	// ErrEncoder means the codec library refused a setting or a frame.
	ErrEncoder = errors.New("encode: codec error")
	// ErrClosed means the encoder was used after Close.
	ErrClosed = errors.New("encode: encoder closed")
)
