package avatar

import (
	"testing"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/pose"
	"github.com/zhubo-live/zhubo/avatar/render"
)

// BenchmarkFrame540x960 measures one video frame of the live loop as the
// video worker makes it: idle motion, the real renderer and H.264.
func BenchmarkFrame540x960(b *testing.B) {
	r, err := render.New(render.Config{Width: 540, Height: 960})
	if err != nil {
		b.Skipf("renderer: %v", err)
	}
	v, err := encode.NewVideo(encode.VideoConfig{Width: 540, Height: 960, FPS: 25})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	m := lipsync.NewMotion(1)
	mouths := []lipsync.Frame{
		{}, {Mouth: pose.MouthOpen, Open: 0.8}, {Mouth: pose.MouthRound, Open: 0.5},
	}
	frame := 0
	for b.Loop() {
		p := mouths[frame%len(mouths)].Apply(m.At(frame, true))
		img := r.Render(render.Scene{
			Pose: p, Subtitle: "欢迎来到直播间", ProductName: "精华", Price: "¥199",
		})
		if _, err := v.Encode(img); err != nil {
			b.Fatal(err)
		}
		frame++
	}
}
