package render

import "testing"

// BenchmarkRender renders a steady talking sequence (mouth moving every
// frame, head sway, blinks, subtitle changing every four seconds, coupon
// countdown) after one warm-up pass, as a room does after its first minute.
func BenchmarkRender(b *testing.B) {
	r := newTestRenderer(b)
	scenes := sampleScenes(1000)
	for _, s := range scenes {
		r.Render(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Render(scenes[i%len(scenes)])
	}
}

// BenchmarkRender720 is BenchmarkRender at 720x1280.
func BenchmarkRender720(b *testing.B) {
	r, err := New(Config{Width: 720, Height: 1280})
	if err != nil {
		b.Fatal(err)
	}
	scenes := sampleScenes(1000)
	for _, s := range scenes {
		r.Render(s)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Render(scenes[i%len(scenes)])
	}
}

// BenchmarkNew measures start-up: font loading and painting the static art.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
