package encode

import (
	"image"
	"math"
	"testing"
)

// psnr is the luma peak signal-to-noise ratio of got against want, in dB.
func psnr(want *image.YCbCr, got *image.Gray) float64 {
	var sum float64
	w, h := want.Rect.Dx(), want.Rect.Dy()
	for y := range h {
		for x := range w {
			d := float64(want.Y[y*want.YStride+x]) - float64(got.Pix[y*got.Stride+x])
			sum += d * d
		}
	}
	if sum == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*float64(w*h)/sum)
}

// TestVideoQuality encodes the talking host with the live settings, decodes
// every frame and checks that the picture a viewer gets stays close to the
// rendered one, so that speed settings cannot quietly smear the art.
func TestVideoQuality(t *testing.T) {
	const minPSNR = 40 // dB of luma; flat art at good quality measures 44–48
	r := renderer(t, 540, 960)
	v := newTestVideo(t, VideoConfig{Width: 540, Height: 960})
	dec, err := newDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer dec.close()
	worst, sum, n := math.Inf(1), 0.0, 0
	for i, s := range talkingScenes(40) {
		frame := r.Render(s)
		au, err := v.Encode(frame)
		if err != nil {
			t.Fatal(err)
		}
		got, err := dec.decode(au)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if got == nil {
			t.Fatalf("frame %d: decoder made no picture from %d bytes", i, len(au))
		}
		p := psnr(frame, got)
		worst, sum, n = min(worst, p), sum+p, n+1
	}
	t.Logf("luma PSNR over %d frames: mean %.1f dB, worst %.1f dB", n, sum/float64(n), worst)
	if worst < minPSNR {
		t.Errorf("worst frame luma PSNR %.1f dB, want at least %d", worst, minPSNR)
	}
}
