package render

import (
	"math"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// sampleLines are subtitles of a typical show, changing every few seconds.
var sampleLines = []string{
	"宝宝们晚上好，欢迎来到直播间！",
	"这款精华真的超级适合干皮，晚上用完第二天脸嫩嫩的。",
	"点赞到一万，我们马上抽福袋，大家扣1让我看到你们！",
	"Hello everyone, the serum is on a limited discount tonight.",
	"",
}

// sampleScenes is n frames at 25 fps of a host talking: the mouth changes
// every frame, the head sways, she blinks, the subtitle changes every four
// seconds and the coupon counts down.
func sampleScenes(n int) []Scene {
	shapes := []pose.Mouth{pose.MouthOpen, pose.MouthWide, pose.MouthClosed, pose.MouthRound}
	out := make([]Scene, n)
	for i := range out {
		t := float64(i) / 25
		p := pose.Pose{
			Mouth:  shapes[(i*7/3)%len(shapes)],
			Open:   float32(0.3 + 0.7*math.Abs(math.Sin(t*9))),
			HeadX:  float32(3 * math.Sin(t*0.9)),
			HeadY:  float32(2 * math.Sin(t*1.3)),
			Tilt:   float32(0.04 * math.Sin(t*0.7)),
			Breath: float32(1.5 + 1.5*math.Sin(t*1.6)),
		}
		if i%90 < 4 {
			p.Blink = float32([]float64{0.5, 1, 1, 0.5}[i%90])
		}
		out[i] = Scene{
			Pose:        p,
			Subtitle:    sampleLines[i/100%len(sampleLines)],
			ProductName: "玻尿酸保湿修护精华液 30ml",
			Price:       "¥199",
			Coupon:      "满300减50",
			CouponLeft:  5*time.Minute - time.Duration(i)*40*time.Millisecond,
		}
		if i/250%2 == 1 {
			out[i].Banner = "福利来啦！前100名下单送同款小样"
		}
	}
	return out
}
