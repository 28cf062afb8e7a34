package avatar

import (
	"strconv"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
	"github.com/zhubo-live/zhubo/avatar/render"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// How long overlays stay up.
const (
	subtitleHold = time.Second      // after a line ends, so the last words can be read
	bannerHold   = 10 * time.Second // a welfare announcement
)

// overlay is what the frame shows around the host: the subtitle of the
// line on air, the product card and welfare announcements.
type overlay struct {
	subtitle      string
	subtitleUntil time.Time // zero while the line is on air
	product       string
	price         string
	banner        string
	bannerUntil   time.Time
	coupon        string
	couponUntil   time.Time
}

// speak shows a line that went on air, and its product if it names one.
func (o *overlay) speak(u bus.Utterance) {
	o.subtitle, o.subtitleUntil = u.Text, time.Time{}
	if u.ProductName != "" {
		o.product, o.price = u.ProductName, u.Price
	}
}

// silent starts the subtitle's hold after its line ends.
func (o *overlay) silent(now time.Time) {
	o.subtitleUntil = now.Add(subtitleHold)
}

// welfare shows a welfare cue's banner and, when it names a coupon, the
// coupon with its countdown. Args: "text" (else a text for "kind"),
// "coupon", "seconds".
func (o *overlay) welfare(args map[string]string, now time.Time) {
	o.banner = args["text"]
	if o.banner == "" {
		o.banner = welfareText(args["kind"])
	}
	o.bannerUntil = now.Add(bannerHold)
	if c := args["coupon"]; c != "" {
		o.coupon = c
		secs, err := strconv.Atoi(args["seconds"])
		if err != nil || secs <= 0 {
			secs = int(bannerHold / time.Second)
		}
		o.couponUntil = now.Add(time.Duration(secs) * time.Second)
	}
}

func welfareText(kind string) string {
	switch kind {
	case "coupon":
		return "优惠券限时领取"
	case "lucky_bag":
		return "福袋来啦，快来参与"
	case "draw":
		return "抽奖进行中"
	}
	return "福利来啦"
}

// scene is the frame's content at now.
func (o *overlay) scene(now time.Time, p pose.Pose, paused bool) render.Scene {
	s := render.Scene{Pose: p, ProductName: o.product, Price: o.price, Paused: paused}
	if o.subtitleUntil.IsZero() || now.Before(o.subtitleUntil) {
		s.Subtitle = o.subtitle
	}
	if now.Before(o.bannerUntil) {
		s.Banner = o.banner
	}
	if left := o.couponUntil.Sub(now); left > 0 {
		s.Coupon, s.CouponLeft = o.coupon, left
	}
	return s
}
