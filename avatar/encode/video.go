// Package encode compresses the avatar's frames and speech for WebRTC:
// H.264 constrained baseline video (openh264) and 20 ms Opus audio.
//
// It calls the codec libraries through small C shims (h264.c, opusenc.c) so
// that it can set what mediadevices' bindings leave at their defaults:
// threads, slices, analysis and quantiser range for video, effort and signal
// type for audio. The static libraries are the ones those bindings link;
// include/ holds their public headers (openh264 2.1.1, libopus 1.3.1).
package encode

import (
	"fmt"
	"image"
	"sync"
	"unsafe"

	// The openh264 static library linked by mediadevices' binding is the one
	// this package calls through its own C shim (h264.c).
	_ "github.com/pion/mediadevices/pkg/codec/openh264"
)

// #cgo CFLAGS: -I${SRCDIR}/include
// #include "h264.h"
import "C"

// Defaults of VideoConfig.
const (
	DefaultVideoBitrateKbps = 1200
	DefaultFPS              = 25
)

// VideoConfig sets the size and rate of the H.264 stream.
type VideoConfig struct {
	// Width and Height are the frame size in pixels; both must be even.
	Width, Height int
	// FPS is the frame rate the rate control plans for; default 25.
	FPS int
	// BitrateKbps is the target bitrate; default 1200.
	BitrateKbps int
	// KeyFrameInterval is the distance between periodic IDR frames, in
	// frames; default 2·FPS, so a viewer that misses a keyframe request
	// waits at most two seconds for a picture.
	KeyFrameInterval int
}

func (c *VideoConfig) applyDefaults() error {
	if c.Width <= 0 || c.Height <= 0 || c.Width%2 != 0 || c.Height%2 != 0 {
		return fmt.Errorf("%w: video size %dx%d, want positive even dimensions",
			ErrConfig, c.Width, c.Height)
	}
	if c.FPS <= 0 {
		c.FPS = DefaultFPS
	}
	if c.BitrateKbps <= 0 {
		c.BitrateKbps = DefaultVideoBitrateKbps
	}
	if c.KeyFrameInterval <= 0 {
		c.KeyFrameInterval = 2 * c.FPS
	}
	return nil
}

// Video is an H.264 encoder: one Annex-B access unit in, per frame out,
// constrained baseline (profile-level-id 42c01f) as browsers decode it.
// It is safe for concurrent use, though frames are encoded one at a time.
type Video struct {
	cfg VideoConfig

	// mu guards enc, frames and closed; openh264 is not reentrant.
	mu     sync.Mutex
	enc    *C.h264_encoder
	frames int64 // frames encoded, for the encoder's timestamps
	closed bool
}

// NewVideo starts an openh264 encoder for cfg: one slice per frame, no
// worker threads (rooms already run side by side) and the encoder's cheapest
// analysis, which suits flat 2D art.
func NewVideo(cfg VideoConfig) (*Video, error) {
	if err := cfg.applyDefaults(); err != nil {
		return nil, err
	}
	return newVideo(cfg, liveTuning())
}

func newVideo(cfg VideoConfig, t tuning) (*Video, error) {
	opts := C.h264_options{
		width: C.int(cfg.Width), height: C.int(cfg.Height), fps: C.float(cfg.FPS),
		bitrate: C.int(cfg.BitrateKbps * 1000), intra_period: C.int(cfg.KeyFrameInterval),
	}
	t.apply(&opts)
	v := &Video{cfg: cfg}
	if rv := C.h264_open(opts, &v.enc); rv != 0 {
		return nil, fmt.Errorf("%w: openh264 %dx%d: error %d",
			ErrEncoder, cfg.Width, cfg.Height, int(rv))
	}
	return v, nil
}

// Config returns the configuration in effect, defaults filled in.
func (v *Video) Config() VideoConfig { return v.cfg }

// Encode compresses one I420 frame of the configured size and returns its
// access unit in Annex-B form. IDR frames carry their SPS and PPS.
func (v *Video) Encode(img *image.YCbCr) ([]byte, error) {
	if img == nil || img.Rect.Dx() != v.cfg.Width || img.Rect.Dy() != v.cfg.Height {
		return nil, fmt.Errorf("%w: want %dx%d", ErrFrameSize, v.cfg.Width, v.cfg.Height)
	}
	if img.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return nil, fmt.Errorf("%w: want 4:2:0 chroma, got %v", ErrFrameSize, img.SubsampleRatio)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil, ErrClosed
	}
	yo, co := img.YOffset(img.Rect.Min.X, img.Rect.Min.Y), img.COffset(img.Rect.Min.X, img.Rect.Min.Y)
	pic := C.h264_picture{
		y:       (*C.uchar)(unsafe.Pointer(&img.Y[yo])),
		u:       (*C.uchar)(unsafe.Pointer(&img.Cb[co])),
		v:       (*C.uchar)(unsafe.Pointer(&img.Cr[co])),
		ystride: C.int(img.YStride), cstride: C.int(img.CStride),
		width: C.int(v.cfg.Width), height: C.int(v.cfg.Height),
		pts_ms: C.longlong(v.frames * 1000 / int64(v.cfg.FPS)),
	}
	var size C.int
	if rv := C.h264_encode(v.enc, pic, &size); rv != 0 {
		return nil, fmt.Errorf("%w: h264 encode: error %d", ErrEncoder, int(rv))
	}
	v.frames++
	return C.GoBytes(unsafe.Pointer(v.enc.out), size), nil
}

// ForceKeyFrame makes the next encoded frame an IDR frame, for a viewer
// that just joined or lost a picture (PLI).
func (v *Video) ForceKeyFrame() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	C.h264_force_idr(v.enc) // only sets a flag for the next frame; it cannot fail
}

// Close frees the encoder. It is safe to call more than once.
func (v *Video) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	v.closed = true
	C.h264_close(v.enc)
	v.enc = nil
	return nil
}
