package render

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// toRGBA converts a limited-range I420 frame back to RGB for viewing.
func toRGBA(f *image.YCbCr) *image.RGBA {
	b := f.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			yy := (float64(f.Y[f.YOffset(x, y)]) - 16) * 255 / 219
			ci := f.COffset(x, y)
			cb := (float64(f.Cb[ci]) - 128) * 255 / 224
			cr := (float64(f.Cr[ci]) - 128) * 255 / 224
			out.Set(x, y, color.RGBA{
				R: clip8(yy + 1.402*cr), G: clip8(yy - 0.344136*cb - 0.714136*cr),
				B: clip8(yy + 1.772*cb), A: 255,
			})
		}
	}
	return out
}

func clip8(v float64) uint8 {
	return uint8(max(0, min(255, v+0.5)))
}

// writePNG saves a frame as PNG under dir when dir is set (for looking).
func writePNG(t *testing.T, dir, name string, f *image.YCbCr) {
	t.Helper()
	if dir == "" {
		return
	}
	w, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := png.Encode(w, toRGBA(f)); err != nil {
		t.Fatal(err)
	}
}

// faceSheet tiles 2x enlargements of the face area of frames, for looking.
func faceSheet(t *testing.T, dir, name string, frames []*image.RGBA, crop image.Rectangle) {
	t.Helper()
	if dir == "" {
		return
	}
	cw, ch := crop.Dx()*2, crop.Dy()*2
	sheet := image.NewRGBA(image.Rect(0, 0, cw*3, ch*((len(frames)+2)/3)))
	for i, f := range frames {
		ox, oy := (i%3)*cw, (i/3)*ch
		for y := 0; y < ch; y++ {
			for x := 0; x < cw; x++ {
				sheet.Set(ox+x, oy+y, f.At(crop.Min.X+x/2, crop.Min.Y+y/2))
			}
		}
	}
	w, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := png.Encode(w, sheet); err != nil {
		t.Fatal(err)
	}
}
