package render

import (
	"errors"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// newTestRenderer makes a default renderer or fails the test.
func newTestRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New(Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func TestNewFontMissing(t *testing.T) {
	_, err := New(Config{FontPath: "testdata/no-such-font.ttc"})
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("New with a missing font: got %v, want ErrNoFont", err)
	}
	_, err = loadFont("", []string{"testdata/none-1.ttc", "testdata/none-2.ttf"})
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("search with no fonts: got %v, want ErrNoFont", err)
	}
	if !strings.Contains(err.Error(), "apt-get install fonts-wqy-microhei") {
		t.Errorf("error %q does not say how to install a font", err)
	}
}

func TestNewBadSize(t *testing.T) {
	for _, c := range []Config{{Width: 541, Height: 960}, {Width: -2, Height: 4}, {Width: 540}} {
		if _, err := New(c); !errors.Is(err, ErrBadSize) {
			t.Errorf("New(%dx%d): got %v, want ErrBadSize", c.Width, c.Height, err)
		}
	}
}

func TestFrameFormat(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		w, h int
	}{
		{Config{}, 540, 960},
		{Config{Width: 720, Height: 1280}, 720, 1280},
		{Config{Width: 1280, Height: 720}, 1280, 720},
		{Config{Width: 16, Height: 16}, 16, 16},
	} {
		r, err := New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		f := r.Render(Scene{Subtitle: "你好", ProductName: "面霜", Price: "¥99"})
		if w, h := r.Size(); w != c.w || h != c.h {
			t.Errorf("Size() = %dx%d, want %dx%d", w, h, c.w, c.h)
		}
		if f.Rect != image.Rect(0, 0, c.w, c.h) {
			t.Errorf("frame rect %v, want %dx%d", f.Rect, c.w, c.h)
		}
		if f.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			t.Errorf("subsample ratio %v, want 4:2:0", f.SubsampleRatio)
		}
		for i, y := range f.Y {
			if y < 16 || y > 235 {
				t.Fatalf("Y[%d] = %d outside the limited range 16..235", i, y)
			}
		}
	}
}

// diffBox returns the bounding box of pixels whose luma or chroma differ.
func diffBox(a, b *image.YCbCr) image.Rectangle {
	var box image.Rectangle
	add := func(x, y int) { box = box.Union(image.Rect(x, y, x+1, y+1)) }
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			if a.Y[a.YOffset(x, y)] != b.Y[b.YOffset(x, y)] {
				add(x, y)
			}
			ci := a.COffset(x, y)
			if a.Cb[ci] != b.Cb[ci] || a.Cr[ci] != b.Cr[ci] {
				add(x, y)
			}
		}
	}
	return box
}

// snapshot copies a frame, since the renderer reuses its output.
func snapshot(f *image.YCbCr) *image.YCbCr {
	c := *f
	c.Y = append([]uint8(nil), f.Y...)
	c.Cb = append([]uint8(nil), f.Cb...)
	c.Cr = append([]uint8(nil), f.Cr...)
	return &c
}

func TestMouthShapesChangeOnlyTheMouth(t *testing.T) {
	r := newTestRenderer(t)
	mouth := image.Rectangle{Min: r.at(230, 390), Max: r.at(310, 452)}
	shapes := []pose.Pose{
		{Mouth: pose.MouthClosed},
		{Mouth: pose.MouthOpen, Open: 0.5},
		{Mouth: pose.MouthOpen, Open: 1},
		{Mouth: pose.MouthWide, Open: 1},
		{Mouth: pose.MouthRound, Open: 1},
	}
	frames := make([]*image.YCbCr, len(shapes))
	for i, p := range shapes {
		frames[i] = snapshot(r.Render(Scene{Pose: p, Subtitle: "字幕"}))
	}
	for i := range frames {
		for j := i + 1; j < len(frames); j++ {
			box := diffBox(frames[i], frames[j])
			if box.Empty() {
				t.Errorf("%v open %.1f and %v open %.1f draw the same pixels",
					shapes[i].Mouth, shapes[i].Open, shapes[j].Mouth, shapes[j].Open)
			}
			if !box.In(mouth) {
				t.Errorf("%v vs %v: pixels changed in %v, outside the mouth %v",
					shapes[i].Mouth, shapes[j].Mouth, box, mouth)
			}
		}
	}
}

func TestBlinkChangesOnlyTheEyes(t *testing.T) {
	r := newTestRenderer(t)
	eyes := image.Rectangle{Min: r.at(190, 300), Max: r.at(350, 380)}
	open := snapshot(r.Render(Scene{}))
	for _, b := range []float32{0.5, 1} {
		box := diffBox(open, r.Render(Scene{Pose: pose.Pose{Blink: b}}))
		if box.Empty() || !box.In(eyes) {
			t.Errorf("blink %.1f changed %v, want a non-empty area inside the eyes %v",
				b, box, eyes)
		}
	}
}

func TestHeadAndBreathMove(t *testing.T) {
	r := newTestRenderer(t)
	rest := snapshot(r.Render(Scene{}))
	head := image.Rectangle{Min: r.at(100, 150), Max: r.at(440, 680)}
	for _, p := range []pose.Pose{{HeadX: 6}, {HeadY: -5}, {Tilt: 0.1}} {
		box := diffBox(rest, r.Render(Scene{Pose: p}))
		if box.Empty() || !box.In(head) {
			t.Errorf("pose %+v changed %v, want a non-empty area inside the head %v", p, box, head)
		}
	}
	box := diffBox(rest, r.Render(Scene{Pose: pose.Pose{Breath: 3}}))
	if box.Empty() || box.Max.Y < r.at(0, deskTop).Y || box.Min.Y < r.at(0, 380).Y {
		t.Errorf("breath changed %v, want the body from the neck down to the desk", box)
	}
}

func TestIncrementalMatchesFullRedraw(t *testing.T) {
	inc, full := newTestRenderer(t), newTestRenderer(t)
	for i, s := range sampleScenes(120) {
		a := inc.Render(s)
		full.frame.markDirty(full.frame.bg.Rect)
		b := full.Render(s)
		if box := diffBox(a, b); !box.Empty() {
			t.Fatalf("frame %d: incremental render differs from a full redraw in %v", i, box)
		}
	}
}

func TestAILabelAlwaysShown(t *testing.T) {
	r := newTestRenderer(t)
	label := r.label.img.Rect
	if !label.In(image.Rect(0, 0, r.w/2, r.h/10)) {
		t.Fatalf("label at %v, want it in the top-left corner", label)
	}
	for _, s := range []Scene{{}, {Banner: "福利", Paused: true}, sampleScenes(1)[0]} {
		f := r.Render(s)
		bright, dark := 0, 0
		for y := label.Min.Y; y < label.Max.Y; y++ {
			for x := label.Min.X; x < label.Max.X; x++ {
				switch v := f.Y[f.YOffset(x, y)]; {
				case v > 200:
					bright++
				case v < 130:
					dark++
				}
			}
		}
		if bright < 150 || dark < 1000 {
			t.Errorf("scene %+v: label has %d bright and %d dark pixels, want text on a dark pill",
				s, bright, dark)
		}
	}
}

// textPixels counts near-white luma pixels in r of f: glyphs of subtitles.
func textPixels(f *image.YCbCr, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if f.Y[f.YOffset(x, y)] > 225 {
				n++
			}
		}
	}
	return n
}

func TestSubtitleDrawsGlyphs(t *testing.T) {
	r := newTestRenderer(t)
	band := image.Rectangle{Min: r.at(0, 700), Max: image.Pt(r.w, r.at(0, subBottom).Y)}
	empty := snapshot(r.Render(Scene{}))
	base := textPixels(empty, band)
	one := snapshot(r.Render(Scene{Subtitle: "这款精华很适合干皮"}))
	if n := textPixels(one, band); n < base+300 {
		t.Errorf("Chinese subtitle: %d bright pixels in the band, want at least %d", n, base+300)
	}
	two := r.Render(Scene{Subtitle: "今天下单再送小样"})
	box := diffBox(one, two)
	if box.Empty() || !box.In(band) {
		t.Errorf("changing the subtitle changed %v, want pixels inside the band %v", box, band)
	}
	english := r.Render(Scene{Subtitle: "Hello, this serum suits dry skin."})
	if n := textPixels(english, band); n < base+200 {
		t.Errorf("English subtitle: %d bright pixels, want at least %d", n, base+200)
	}
}

func TestOverlaysDraw(t *testing.T) {
	r := newTestRenderer(t)
	bare := snapshot(r.Render(Scene{}))
	cases := []struct {
		name  string
		scene Scene
		area  image.Rectangle
	}{
		{"card", Scene{ProductName: "修护面霜", Price: "¥199", Coupon: "立减30元"},
			image.Rectangle{Min: r.at(0, cardY-20), Max: r.at(cardX+cardW+20, cardY+cardH+20)}},
		{"banner", Scene{Banner: "福袋来啦"},
			image.Rectangle{Min: r.at(0, bannerY-20), Max: r.at(refW, bannerY+bannerH+20)}},
	}
	for _, c := range cases {
		box := diffBox(bare, r.Render(c.scene))
		if box.Empty() || !box.In(c.area) {
			t.Errorf("%s changed %v, want a non-empty area inside %v", c.name, box, c.area)
		}
	}
	withCoupon := Scene{ProductName: "面霜", Price: "¥99", Coupon: "满300减50"}
	a := snapshot(r.Render(withCoupon))
	withCoupon.CouponLeft = 90 * time.Second
	if diffBox(a, r.Render(withCoupon)).Empty() {
		t.Error("a coupon countdown draws nothing")
	}
}

func TestPoseFramesDoNotAllocate(t *testing.T) {
	r := newTestRenderer(t)
	scenes := sampleScenes(100)
	for i := range scenes {
		scenes[i].Subtitle, scenes[i].CouponLeft = sampleLines[1], 0
		r.Render(scenes[i])
	}
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		r.Render(scenes[i%len(scenes)])
		i++
	})
	if allocs != 0 {
		t.Errorf("a warmed-up frame that only changes the pose allocates %.1f times", allocs)
	}
}
