package render

import (
	"image"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// TestLook renders sample frames, and writes them to $RENDER_LOOK_DIR as PNG
// for a person to inspect when that is set.
func TestLook(t *testing.T) {
	dir := os.Getenv("RENDER_LOOK_DIR")
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, dir, "idle", r.Render(Scene{}))
	full := Scene{
		Pose:        pose.Pose{Mouth: pose.MouthOpen, Open: 0.7},
		Subtitle:    "宝宝们，这款精华真的超级适合干皮，晚上用完第二天脸嫩嫩的！",
		ProductName: "玻尿酸保湿修护精华液 30ml", Price: "¥199", Coupon: "满300减50",
		CouponLeft: 4*time.Minute + 59*time.Second, Banner: "福利来啦！前100名下单送同款小样",
	}
	writePNG(t, dir, "full", r.Render(full))
	var faces []*image.RGBA
	for _, p := range []pose.Pose{
		{Mouth: pose.MouthClosed},
		{Mouth: pose.MouthOpen, Open: 1},
		{Mouth: pose.MouthOpen, Open: 0.4},
		{Mouth: pose.MouthWide, Open: 1},
		{Mouth: pose.MouthRound, Open: 1},
		{Mouth: pose.MouthRound, Open: 0.3},
		{Blink: 0.5}, {Blink: 0.8}, {Blink: 1},
	} {
		faces = append(faces, toRGBA(r.Render(Scene{Pose: p})))
	}
	faceSheet(t, dir, "faces", faces, image.Rect(170, 270, 370, 450))
	faceSheet(t, dir, "heads", faces[:2], image.Rect(120, 160, 420, 560))
	writePNG(t, dir, "tilt", r.Render(Scene{Pose: pose.Pose{Tilt: 0.12, HeadX: 10, Breath: 4}}))
	full.Paused = true
	writePNG(t, dir, "paused", r.Render(full))

	big, err := New(Config{Width: 720, Height: 1280})
	if err != nil {
		t.Fatal(err)
	}
	full.Paused = false
	full.Subtitle = strings.Repeat("今天直播间的福利真的太多了，", 8) + "Thanks for watching, see you soon!"
	writePNG(t, dir, "big", big.Render(full))
}
