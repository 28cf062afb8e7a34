package render

import (
	"image"
	"testing"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// benchRender renders a steady talking sequence (mouth moving every frame,
// head sway, blinks, subtitle changing every four seconds, coupon countdown)
// after one warm-up pass, as a room does after its first minute.
func benchRender(b *testing.B, cfg Config) {
	r, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	scenes := sampleScenes(1000)
	for _, s := range scenes {
		r.Render(s)
	}
	b.ReportAllocs()
	start := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		r.Render(scenes[i%len(scenes)])
	}
	reportCPU(b, start)
}

// BenchmarkRender is the steady speaking sequence at the default 540x960.
func BenchmarkRender(b *testing.B) { benchRender(b, Config{}) }

// BenchmarkRender720 is the steady speaking sequence at 720x1280.
func BenchmarkRender720(b *testing.B) { benchRender(b, Config{Width: 720, Height: 1280}) }

// BenchmarkToYCbCr converts a whole 540x960 frame, the worst case of a frame
// where everything changed.
func BenchmarkToYCbCr(b *testing.B) {
	r := newTestRenderer(b)
	r.Render(sampleScenes(1)[0])
	out := image.NewYCbCr(r.frame.bg.Rect, image.YCbCrSubsampleRatio420)
	start := cpuTime(b)
	for b.Loop() {
		toYCbCr(out, r.frame.canvas, r.frame.bg.Rect)
	}
	reportCPU(b, start)
}

// BenchmarkNew measures start-up: font loading and painting the static art.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := New(Config{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkPaintSubtitle measures the one-off cost of a new subtitle line.
func BenchmarkPaintSubtitle(b *testing.B) {
	r := newTestRenderer(b)
	start := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		r.paintSubtitle(sampleLines[i%2])
	}
	reportCPU(b, start)
}

// BenchmarkPaintHead measures painting the head and the hair behind it at a
// new angle: the one-off cost of a tilt not seen before.
func BenchmarkPaintHead(b *testing.B) {
	r := newTestRenderer(b)
	start := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		r.paintHead(i % 20)
		r.paintHairBack(i % 20)
	}
	reportCPU(b, start)
}

// BenchmarkPaintMouth measures painting a mouth shape not seen before.
func BenchmarkPaintMouth(b *testing.B) {
	r := newTestRenderer(b)
	start := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		r.paintMouth(mouthKey{tilt: i % 20, shape: pose.MouthOpen, open: 1 + i%openSteps})
	}
	reportCPU(b, start)
}
