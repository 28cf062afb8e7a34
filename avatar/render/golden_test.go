package render

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

var update = flag.Bool("update", false, "rewrite the golden thumbnails in testdata")

// thumbScale is the side of the square of frame pixels averaged into one
// thumbnail pixel.
const thumbScale = 6

// maxThumbDiff is the largest mean absolute luma difference, per thumbnail
// pixel, that still matches a golden thumbnail; small art tweaks pass,
// a missing or misplaced layer does not.
const maxThumbDiff = 1.5

// thumbnail shrinks the luma plane of f by averaging thumbScale squares.
func thumbnail(f *image.YCbCr) *image.Gray {
	w, h := f.Rect.Dx()/thumbScale, f.Rect.Dy()/thumbScale
	g := image.NewGray(image.Rect(0, 0, w, h))
	for ty := 0; ty < h; ty++ {
		for tx := 0; tx < w; tx++ {
			sum := 0
			for y := ty * thumbScale; y < (ty+1)*thumbScale; y++ {
				for x := tx * thumbScale; x < (tx+1)*thumbScale; x++ {
					sum += int(f.Y[f.YOffset(x, y)])
				}
			}
			g.Pix[ty*g.Stride+tx] = uint8(sum / (thumbScale * thumbScale))
		}
	}
	return g
}

// meanAbsDiff is the mean absolute difference of two same-size gray images.
func meanAbsDiff(a, b *image.Gray) float64 {
	sum := 0
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		sum += max(d, -d)
	}
	return float64(sum) / float64(len(a.Pix))
}

func TestGoldenFrames(t *testing.T) {
	r := newTestRenderer(t)
	card := Scene{ProductName: "玻尿酸保湿修护精华液 30ml", Price: "¥199", Coupon: "满300减50"}
	all := card
	all.Subtitle = "宝宝们，这款精华真的超级适合干皮，晚上用完第二天脸嫩嫩的！"
	all.CouponLeft = 4*time.Minute + 59*time.Second
	all.Banner = "福利来啦！前100名下单送同款小样"
	all.Pose = pose.Pose{Mouth: pose.MouthOpen, Open: 0.7}
	paused := all
	paused.Paused = true
	cases := []struct {
		name  string
		scene Scene
	}{
		{"closed", Scene{}},
		{"open", Scene{Pose: pose.Pose{Mouth: pose.MouthOpen, Open: 1}}},
		{"wide", Scene{Pose: pose.Pose{Mouth: pose.MouthWide, Open: 1}}},
		{"round", Scene{Pose: pose.Pose{Mouth: pose.MouthRound, Open: 1}}},
		{"blink", Scene{Pose: pose.Pose{Blink: 1}}},
		{"moved", Scene{Pose: pose.Pose{HeadX: 8, HeadY: -4, Tilt: 0.1, Breath: 3}}},
		{"card", card},
		{"overlays", all},
		{"paused", paused},
	}
	for _, c := range cases {
		got := thumbnail(r.Render(c.scene))
		file := filepath.Join("testdata", "golden", c.name+".png")
		if *update {
			writeGray(t, file, got)
			continue
		}
		want := readGray(t, file)
		if want.Rect != got.Rect {
			t.Errorf("%s: thumbnail %v, golden %v", c.name, got.Rect, want.Rect)
			continue
		}
		if d := meanAbsDiff(got, want); d > maxThumbDiff {
			t.Errorf("%s: differs from %s by %.2f per pixel (limit %.1f); run -update if intended",
				c.name, file, d, maxThumbDiff)
		}
	}
}

func writeGray(t *testing.T, file string, g *image.Gray) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := png.Encode(w, g); err != nil {
		t.Fatal(err)
	}
}

func readGray(t *testing.T, file string) *image.Gray {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("%s: %T, want a gray PNG", file, img)
	}
	return g
}
