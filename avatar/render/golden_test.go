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

// crop copies the luma of area r of f at full resolution.
func crop(f *image.YCbCr, r image.Rectangle) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			g.Pix[y*g.Stride+x] = f.Y[f.YOffset(r.Min.X+x, r.Min.Y+y)]
		}
	}
	return g
}

// goldenCase is one golden frame: the scene, and an area compared at full
// resolution because a whole-frame thumbnail would blur it away.
type goldenCase struct {
	name   string
	scene  Scene
	detail image.Rectangle
}

func goldenCases(r *Renderer) []goldenCase {
	mouth := image.Rectangle{Min: r.at(234, 396), Max: r.at(306, 446)}
	eyes := image.Rectangle{Min: r.at(196, 310), Max: r.at(344, 372)}
	card := Scene{ProductName: "玻尿酸保湿修护精华液 30ml", Price: "¥199", Coupon: "满300减50"}
	cardBox := image.Rectangle{Min: r.at(cardX, cardY), Max: r.at(cardX+cardW, cardY+cardH)}
	all := card
	all.Subtitle = "宝宝们，这款精华真的超级适合干皮，晚上用完第二天脸嫩嫩的！"
	all.CouponLeft = 4*time.Minute + 59*time.Second
	all.Banner = "福利来啦！前100名下单送同款小样"
	all.Pose = pose.Pose{Mouth: pose.MouthOpen, Open: 0.7}
	band := image.Rectangle{Min: r.at(subX, 790), Max: r.at(subX+subW, subBottom)}
	paused := all
	paused.Paused = true
	return []goldenCase{
		{"closed", Scene{}, mouth},
		{"open", Scene{Pose: pose.Pose{Mouth: pose.MouthOpen, Open: 1}}, mouth},
		{"half-open", Scene{Pose: pose.Pose{Mouth: pose.MouthOpen, Open: 0.5}}, mouth},
		{"wide", Scene{Pose: pose.Pose{Mouth: pose.MouthWide, Open: 1}}, mouth},
		{"round", Scene{Pose: pose.Pose{Mouth: pose.MouthRound, Open: 1}}, mouth},
		{"blink", Scene{Pose: pose.Pose{Blink: 1}}, eyes},
		{"moved", Scene{Pose: pose.Pose{HeadX: 8, HeadY: -4, Tilt: 0.1, Breath: 3}}, eyes},
		{"card", card, cardBox},
		{"overlays", all, band},
		{"paused", paused, image.Rectangle{Min: r.at(90, 372), Max: r.at(450, 562)}},
	}
}

func TestGoldenFrames(t *testing.T) {
	r := newTestRenderer(t)
	for _, c := range goldenCases(r) {
		f := r.Render(c.scene)
		for _, img := range []struct {
			suffix string
			got    *image.Gray
		}{{"", thumbnail(f)}, {"-detail", crop(f, c.detail)}} {
			file := filepath.Join("testdata", "golden", c.name+img.suffix+".png")
			if *update {
				writeGray(t, file, img.got)
				continue
			}
			want := readGray(t, file)
			if want.Rect != img.got.Rect {
				t.Errorf("%s: image %v, golden %v", file, img.got.Rect, want.Rect)
				continue
			}
			if d := meanAbsDiff(img.got, want); d > maxThumbDiff {
				t.Errorf("%s: differs by %.2f per pixel (limit %.1f); run -update if intended",
					file, d, maxThumbDiff)
			}
		}
	}
}

// TestGoldenToleranceSeparatesMouths checks that the tolerance is tight
// enough to tell every mouth golden from every other.
func TestGoldenToleranceSeparatesMouths(t *testing.T) {
	names := []string{"closed", "open", "half-open", "wide", "round"}
	for i, a := range names {
		for _, b := range names[i+1:] {
			ga := readGray(t, filepath.Join("testdata", "golden", a+"-detail.png"))
			gb := readGray(t, filepath.Join("testdata", "golden", b+"-detail.png"))
			if d := meanAbsDiff(ga, gb); d < 2*maxThumbDiff {
				t.Errorf("mouth %s vs %s differ by only %.2f, within twice the tolerance", a, b, d)
			}
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
