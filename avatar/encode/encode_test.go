package encode

import (
	"errors"
	"fmt"
	"image"
	"math"
	"testing"
)

// nalTypes lists the NAL unit types of an Annex-B access unit in order.
func nalTypes(au []byte) []int {
	var types []int
	for i := 0; i+3 < len(au); i++ {
		if au[i] == 0 && au[i+1] == 0 && au[i+2] == 1 {
			types = append(types, int(au[i+3]&0x1f))
			i += 3
		}
	}
	return types
}

func has(types []int, t int) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// testFrame draws a frame that moves with n, so that P frames have something to code.
func testFrame(w, h, n int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			img.Y[y*img.YStride+x] = uint8((x + y + 4*n) % 256)
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, uint8(100+n%50)
	}
	return img
}

func newTestVideo(t testing.TB, cfg VideoConfig) *Video {
	t.Helper()
	v, err := NewVideo(cfg)
	if err != nil {
		t.Fatalf("NewVideo: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func TestVideoFirstFrameIsIDRWithParameterSets(t *testing.T) {
	v := newTestVideo(t, VideoConfig{Width: 540, Height: 960})
	au, err := v.Encode(testFrame(540, 960, 0))
	if err != nil {
		t.Fatal(err)
	}
	types := nalTypes(au)
	for _, want := range []int{7, 8, 5} {
		if !has(types, want) {
			t.Errorf("first access unit NAL types %v lack %d", types, want)
		}
	}
	// SPS: profile_idc 66 (baseline), constraint_set1 (constrained), level 3.1.
	if len(au) < 8 || au[4]&0x1f != 7 || au[5] != 0x42 || au[6] != 0xc0 || au[7] != 0x1f {
		t.Errorf("access unit starts % x, want SPS 42 c0 1f", au[:min(8, len(au))])
	}
}

func TestVideoForceKeyFrame(t *testing.T) {
	v := newTestVideo(t, VideoConfig{Width: 320, Height: 240, KeyFrameInterval: 1000})
	for n := range 5 {
		au, err := v.Encode(testFrame(320, 240, n))
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 && has(nalTypes(au), 5) {
			t.Fatalf("frame %d is IDR without a request", n)
		}
	}
	v.ForceKeyFrame()
	au, err := v.Encode(testFrame(320, 240, 5))
	if err != nil {
		t.Fatal(err)
	}
	if types := nalTypes(au); !has(types, 5) || !has(types, 7) {
		t.Errorf("frame after ForceKeyFrame has NAL types %v, want IDR with SPS", types)
	}
	au, _ = v.Encode(testFrame(320, 240, 6))
	if has(nalTypes(au), 5) {
		t.Errorf("the frame after the forced one is IDR too")
	}
}

func TestVideoPeriodicKeyFrames(t *testing.T) {
	v := newTestVideo(t, VideoConfig{Width: 320, Height: 240, FPS: 25, KeyFrameInterval: 10})
	var idr []int
	for n := range 25 {
		au, err := v.Encode(testFrame(320, 240, n))
		if err != nil {
			t.Fatal(err)
		}
		if len(au) == 0 {
			t.Fatalf("frame %d: empty access unit", n)
		}
		if has(nalTypes(au), 5) {
			idr = append(idr, n)
		}
	}
	if len(idr) != 3 || idr[0] != 0 || idr[1] != 10 || idr[2] != 20 {
		t.Errorf("IDR frames at %v, want [0 10 20]", idr)
	}
}

func TestVideoErrors(t *testing.T) {
	if _, err := NewVideo(VideoConfig{Width: 541, Height: 960}); !errors.Is(err, ErrConfig) {
		t.Errorf("odd width: err = %v, want ErrConfig", err)
	}
	v := newTestVideo(t, VideoConfig{Width: 320, Height: 240})
	if _, err := v.Encode(testFrame(160, 120, 0)); !errors.Is(err, ErrFrameSize) {
		t.Errorf("wrong size: err = %v, want ErrFrameSize", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := v.Encode(testFrame(320, 240, 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: err = %v, want ErrClosed", err)
	}
	v.ForceKeyFrame() // must not crash after Close
}

func tone(n, i int) []int16 {
	pcm := make([]int16, n)
	for k := range pcm {
		pcm[k] = int16(8000 * math.Sin(2*math.Pi*220*float64(i*n+k)/AudioSampleRate))
	}
	return pcm
}

func TestAudioOnePacketPerFrame(t *testing.T) {
	a, err := NewAudio(AudioConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for i := range 50 {
		pkt, err := a.Encode(tone(AudioFrameSamples, i))
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if len(pkt) == 0 {
			t.Fatalf("frame %d: empty packet", i)
		}
		// The TOC byte (RFC 6716 §3.1) says how many frames a packet holds and how long they are.
		if c := pkt[0] & 0x3; c != 0 {
			t.Fatalf("frame %d: TOC frame-count code %d, want 0 (one frame)", i, c)
		}
		if d := opusFrameDuration(pkt[0]); d != 20 {
			t.Fatalf("frame %d: packet frame duration %v ms, want 20", i, d)
		}
	}
	silence, err := a.Encode(make([]int16, AudioFrameSamples))
	if err != nil || len(silence) == 0 {
		t.Errorf("silence: %d bytes, err %v; want a packet", len(silence), err)
	}
	if _, err := a.Encode(make([]int16, 480)); !errors.Is(err, ErrFrameSize) {
		t.Errorf("480 samples: err = %v, want ErrFrameSize", err)
	}
}

// opusFrameDuration decodes a TOC byte's frame duration in milliseconds (RFC 6716 Table 2).
func opusFrameDuration(toc byte) float64 {
	cfg := int(toc >> 3)
	switch {
	case cfg < 12: // SILK: 10, 20, 40, 60
		return []float64{10, 20, 40, 60}[cfg%4]
	case cfg < 16: // hybrid: 10, 20
		return []float64{10, 20}[cfg%2]
	default: // CELT: 2.5, 5, 10, 20
		return []float64{2.5, 5, 10, 20}[cfg%4]
	}
}

func TestAudioCloseTwice(t *testing.T) {
	a, err := NewAudio(AudioConfig{BitrateKbps: 32})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := a.Encode(make([]int16, AudioFrameSamples)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: err = %v, want ErrClosed", err)
	}
}

func BenchmarkVideoEncode540x960(b *testing.B) {
	v := newTestVideo(b, VideoConfig{Width: 540, Height: 960})
	frames := []*image.YCbCr{testFrame(540, 960, 0), testFrame(540, 960, 1)}
	n := 0
	for b.Loop() {
		if _, err := v.Encode(frames[n%2]); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkAudioEncode compares libopus's effort settings on a voiced tone.
func BenchmarkAudioEncode(b *testing.B) {
	for _, complexity := range []int{audioComplexity, 10} {
		b.Run(fmt.Sprintf("complexity%d", complexity), func(b *testing.B) {
			a, err := newAudio(AudioConfig{BitrateKbps: DefaultAudioBitrateKbps}, complexity)
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			frames := [][]int16{tone(AudioFrameSamples, 0), tone(AudioFrameSamples, 1)}
			start := cpuTime(b)
			for i := 0; b.Loop(); i++ {
				if _, err := a.Encode(frames[i%2]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
