package render

import (
	"image"
	"testing"
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
