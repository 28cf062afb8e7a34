// Package relaytest provides the parts that tests of the relay and its signalling need: a
// Feeder that writes real H.264 (openh264) and Opus silence into a room in real time, and a
// Viewer that plays a room from a pion PeerConnection and counts what it receives.
package relaytest

import (
	"fmt"
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/webrtc/v4/pkg/media"
)

// Frame timing of the feeder: 25 fps video, 20 ms Opus packets.
const (
	FrameDuration = 40 * time.Millisecond
	AudioDuration = 20 * time.Millisecond
)

// OpusSilence is one valid 20 ms Opus packet (CELT, full band) that decodes to silence.
var OpusSilence = []byte{0xf8, 0xff, 0xfe}

// Sink is what a Feeder writes to; *relay.Room is one.
type Sink interface {
	WriteVideo(media.Sample) error
	WriteAudio(media.Sample) error
}

// Feeder encodes a moving test picture with openh264 and writes it and Opus silence to a Sink
// in real time until Close.
type Feeder struct {
	enc      codec.ReadCloser
	keyframe atomic.Bool // a keyframe was asked for
	frames   atomic.Int64
	quit     chan struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

// NewFeeder starts feeding sink with width×height video whose keyframes come every
// intraPeriod frames and whenever RequestKeyFrame is called.
func NewFeeder(sink Sink, width, height int, intraPeriod uint) (*Feeder, error) {
	enc, err := NewEncoder(width, height, intraPeriod)
	if err != nil {
		return nil, err
	}
	f := &Feeder{enc: enc, quit: make(chan struct{})}
	f.wg.Add(2)
	go f.video(sink)
	go f.audio(sink)
	return f, nil
}

// NewEncoder returns an openh264 encoder of a moving test picture at 25 fps.
func NewEncoder(width, height int, intraPeriod uint) (codec.ReadCloser, error) {
	params, err := openh264.NewParams()
	if err != nil {
		return nil, fmt.Errorf("openh264 params: %w", err)
	}
	params.BitRate = 500_000
	params.IntraPeriod = intraPeriod
	params.EnableFrameSkip = false
	var n int
	src := video.ReaderFunc(func() (image.Image, func(), error) {
		n++
		return testPicture(width, height, n), func() {}, nil
	})
	enc, err := params.BuildVideoEncoder(src, prop.Media{
		Video: prop.Video{Width: width, Height: height, FrameRate: 25},
	})
	if err != nil {
		return nil, fmt.Errorf("openh264 encoder: %w", err)
	}
	return enc, nil
}

// testPicture draws frame n: a bar that moves across a gradient, so P-frames carry motion.
func testPicture(width, height, n int) image.Image {
	img := image.NewYCbCr(image.Rect(0, 0, width, height), image.YCbCrSubsampleRatio420)
	bar := (n * 4) % width
	for y := range height {
		for x := range width {
			luma := uint8((x + y + n) % 256)
			if x >= bar && x < bar+16 {
				luma = 235
			}
			img.Y[y*img.YStride+x] = luma
		}
	}
	for i := range img.Cb {
		img.Cb[i] = 90
		img.Cr[i] = uint8(140 + n%40)
	}
	return img
}

// RequestKeyFrame makes the next frame an IDR; it fits relay.Config.OnKeyFrameRequest.
func (f *Feeder) RequestKeyFrame() { f.keyframe.Store(true) }

// Frames returns how many video frames have been written.
func (f *Feeder) Frames() int64 { return f.frames.Load() }

func (f *Feeder) video(sink Sink) {
	defer f.wg.Done()
	t := time.NewTicker(FrameDuration)
	defer t.Stop()
	for {
		select {
		case <-f.quit:
			return
		case <-t.C:
		}
		if f.keyframe.Swap(false) {
			if kc, ok := f.enc.Controller().(codec.KeyFrameController); ok {
				_ = kc.ForceKeyFrame()
			}
		}
		data, release, err := f.enc.Read()
		if err != nil {
			return
		}
		_ = sink.WriteVideo(media.Sample{Data: data, Duration: FrameDuration})
		release()
		f.frames.Add(1)
	}
}

func (f *Feeder) audio(sink Sink) {
	defer f.wg.Done()
	t := time.NewTicker(AudioDuration)
	defer t.Stop()
	for {
		select {
		case <-f.quit:
			return
		case <-t.C:
		}
		_ = sink.WriteAudio(media.Sample{Data: OpusSilence, Duration: AudioDuration})
	}
}

// Close stops feeding and frees the encoder; it is safe to call more than once.
func (f *Feeder) Close() error {
	var err error
	f.once.Do(func() {
		close(f.quit)
		f.wg.Wait()
		err = f.enc.Close()
	})
	return err
}
