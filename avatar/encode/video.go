// Package encode compresses the avatar's frames and speech for WebRTC:
// H.264 constrained baseline video (openh264) and 20 ms Opus audio.
package encode

import (
	"fmt"
	"image"
	"sync"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

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

	// mu guards enc, next and closed; openh264 is not reentrant.
	mu     sync.Mutex
	enc    codec.ReadCloser
	next   *image.YCbCr // the frame the encoder's reader hands it on the next Read
	closed bool
}

// NewVideo starts an openh264 encoder for cfg.
func NewVideo(cfg VideoConfig) (*Video, error) {
	if err := cfg.applyDefaults(); err != nil {
		return nil, err
	}
	p, err := openh264.NewParams()
	if err != nil {
		return nil, fmt.Errorf("openh264 params: %w", err)
	}
	p.BitRate = cfg.BitrateKbps * 1000
	p.IntraPeriod = uint(cfg.KeyFrameInterval)
	// A skipped frame would leave a hole in a stream paced by the wall clock.
	p.EnableFrameSkip = false
	v := &Video{cfg: cfg}
	// mediadevices encoders pull frames from a reader; this one hands over
	// the frame that Encode has just stored.
	reader := video.ReaderFunc(func() (image.Image, func(), error) {
		return v.next, func() {}, nil
	})
	media := prop.Media{Video: prop.Video{
		Width: cfg.Width, Height: cfg.Height, FrameRate: float32(cfg.FPS),
	}}
	v.enc, err = p.BuildVideoEncoder(reader, media)
	if err != nil {
		return nil, fmt.Errorf("openh264 encoder %dx%d: %w", cfg.Width, cfg.Height, err)
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
	v.next = img
	au, release, err := v.enc.Read()
	v.next = nil
	if err != nil {
		return nil, fmt.Errorf("h264 encode: %w", err)
	}
	release()
	return au, nil
}

// ForceKeyFrame makes the next encoded frame an IDR frame, for a viewer
// that just joined or lost a picture (PLI).
func (v *Video) ForceKeyFrame() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	if kc, ok := v.enc.Controller().(codec.KeyFrameController); ok {
		_ = kc.ForceKeyFrame() // openh264's only sets a flag; it cannot fail
	}
}

// Close frees the encoder. It is safe to call more than once.
func (v *Video) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	v.closed = true
	if err := v.enc.Close(); err != nil {
		return fmt.Errorf("close h264 encoder: %w", err)
	}
	return nil
}
