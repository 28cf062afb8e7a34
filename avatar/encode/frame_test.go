package encode

import (
	"fmt"
	"image"
	"math"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/zhubo-live/zhubo/avatar/pose"
	"github.com/zhubo-live/zhubo/avatar/render"
)

// talkingScenes is n frames of the host speaking: the mouth moves every
// frame, the head sways, she blinks every few seconds and the subtitle and
// coupon countdown change as they do on air.
func talkingScenes(n int) []render.Scene {
	lines := []string{"宝宝们晚上好，欢迎来到直播间！", "这款精华真的超级适合干皮，晚上用完第二天脸嫩嫩的。"}
	shapes := []pose.Mouth{pose.MouthOpen, pose.MouthWide, pose.MouthClosed, pose.MouthRound}
	out := make([]render.Scene, n)
	for i := range out {
		t := float64(i) / 25
		p := pose.Pose{
			Mouth: shapes[(i*7/3)%len(shapes)], Open: float32(0.3 + 0.7*math.Abs(math.Sin(t*9))),
			HeadX: float32(3 * math.Sin(t*0.9)), HeadY: float32(2 * math.Sin(t*1.3)),
			Tilt: float32(0.04 * math.Sin(t*0.7)), Breath: float32(1.5 + 1.5*math.Sin(t*1.6)),
		}
		if i%90 < 4 {
			p.Blink = float32([]float64{0.5, 1, 1, 0.5}[i%90])
		}
		out[i] = render.Scene{Pose: p, Subtitle: lines[i/100%len(lines)],
			ProductName: "玻尿酸保湿修护精华液 30ml", Price: "¥199", Coupon: "满300减50",
			CouponLeft: 5*time.Minute - time.Duration(i)*40*time.Millisecond}
	}
	return out
}

// renderer starts a renderer of the given size, skipping the benchmark
// where no CJK font is installed.
func renderer(b testing.TB, w, h int) *render.Renderer {
	r, err := render.New(render.Config{Width: w, Height: h})
	if err != nil {
		b.Skipf("renderer: %v", err)
	}
	return r
}

// cpuTime is the processor time this process has used, user plus system;
// unlike ns/op it does not stretch when other work shares the machine.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchRenderEncode renders and encodes the talking sequence, after one
// warm-up pass that paints every sprite, as a room does after its first
// minute. It reports processor time and bytes per frame.
func benchRenderEncode(b *testing.B, w, h int) {
	r := renderer(b, w, h)
	cfg := benchCfg
	cfg.Width, cfg.Height = w, h
	v, err := NewVideo(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	scenes := talkingScenes(500)
	for _, s := range scenes {
		r.Render(s)
	}
	start, bytes := cpuTime(b), 0
	for i := 0; b.Loop(); i++ {
		au, err := v.Encode(r.Render(scenes[i%len(scenes)]))
		if err != nil {
			b.Fatal(err)
		}
		bytes += len(au)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(bytes)/float64(b.N), "B/frame")
}

// BenchmarkRenderEncode is one frame's render plus encode at the two sizes
// a room streams.
func BenchmarkRenderEncode(b *testing.B) {
	for _, size := range []image.Point{{540, 960}, {720, 1280}} {
		b.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(b *testing.B) {
			benchRenderEncode(b, size.X, size.Y)
		})
	}
}

// benchCfg is the stream every encoder benchmark writes.
var benchCfg = VideoConfig{Width: 540, Height: 960, FPS: 25, BitrateKbps: 1200,
	KeyFrameInterval: 50}

// benchEncode feeds pre-rendered frames of the talking sequence to encode:
// the encoder's share of a frame.
func benchEncode(b *testing.B, frames []*image.YCbCr, encode func(*image.YCbCr) ([]byte, error)) {
	start, bytes := cpuTime(b), 0
	for i := 0; b.Loop(); i++ {
		au, err := encode(frames[i%len(frames)])
		if err != nil {
			b.Fatal(err)
		}
		bytes += len(au)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(bytes)/float64(b.N), "B/frame")
}

// talkingFrames renders n frames of the talking sequence after a warm-up.
func talkingFrames(b *testing.B, n int) []*image.YCbCr {
	r := renderer(b, 540, 960)
	scenes := talkingScenes(500)
	for _, s := range scenes {
		r.Render(s)
	}
	out := make([]*image.YCbCr, n)
	for i := range out {
		f := r.Render(scenes[i])
		c := *f
		c.Y, c.Cb, c.Cr = slices.Clone(f.Y), slices.Clone(f.Cb), slices.Clone(f.Cr)
		out[i] = &c
	}
	return out
}

// BenchmarkEncodeTuning compares encoder settings on pre-rendered frames,
// talking and still: the live tuning; openh264's defaults; the live tuning
// with the deblocking filter on, and in screen-content mode; and
// mediadevices' openh264 encoder with the settings this package used before
// it called openh264 itself.
func BenchmarkEncodeTuning(b *testing.B) {
	frames := talkingFrames(b, 60)
	for _, c := range []struct {
		name string
		t    tuning
	}{
		{"live", liveTuning()},
		{"plain", tuning{}},
		{"deblock", tuning{background: true, minQP: 24}},
		{"screen", tuning{background: true, minQP: 24, screen: true, noDeblock: true}},
	} {
		v, err := newVideo(benchCfg, c.t)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		b.Run(c.name, func(b *testing.B) { benchEncode(b, frames, v.Encode) })
		b.Run(c.name+"-still", func(b *testing.B) { benchEncode(b, frames[:1], v.Encode) })
	}
	b.Run("mediadevices", func(b *testing.B) { benchEncode(b, frames, mediadevicesEncoder(b)) })
}

// mediadevicesEncoder is mediadevices' openh264 encoder as NewVideo set it
// up before: library defaults (automatic threads, size-limited slices) but
// no frame skipping.
func mediadevicesEncoder(b *testing.B) func(*image.YCbCr) ([]byte, error) {
	p, err := openh264.NewParams()
	if err != nil {
		b.Fatal(err)
	}
	p.BitRate = benchCfg.BitrateKbps * 1000
	p.IntraPeriod = uint(benchCfg.KeyFrameInterval)
	p.EnableFrameSkip = false
	var next *image.YCbCr
	reader := video.ReaderFunc(func() (image.Image, func(), error) {
		return next, func() {}, nil
	})
	enc, err := p.BuildVideoEncoder(reader, prop.Media{Video: prop.Video{
		Width: benchCfg.Width, Height: benchCfg.Height, FrameRate: float32(benchCfg.FPS)}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { enc.Close() })
	return func(img *image.YCbCr) ([]byte, error) {
		next = img
		au, release, err := enc.Read()
		if err == nil {
			release()
		}
		return au, err
	}
}
