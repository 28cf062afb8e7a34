package render

import "errors"

// ErrNoFont is returned by New when no CJK font can be loaded: neither
// Config.FontPath nor any well-known system font.
var ErrNoFont = errors.New("no CJK font found: apt-get install fonts-wqy-microhei")

// ErrHostSize is returned by New when Config.Host was bound to renderers of
// another frame size.
var ErrHostSize = errors.New("shared host was painted for another frame size")

// ErrBadSize is returned by New for a frame size that is not positive and even.
var ErrBadSize = errors.New("frame width and height must be positive and even")
