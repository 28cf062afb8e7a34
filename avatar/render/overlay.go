package render

import (
	"fmt"
	"image"
	"time"
)

// Overlay kinds, each with its own sprite cache.
const (
	kindSubtitle = iota
	kindCard
	kindCountdown
	kindBanner
	numKinds
)

// setOverlays places the product card, countdown, banner, subtitle and the
// paused look for s.
func (r *Renderer) setOverlays(s Scene) {
	if s.ProductName == "" {
		r.frame.set(slotCard, nil, image.Point{})
	} else {
		r.frame.set(slotCard, r.card(s.ProductName, s.Price, s.Coupon), image.Point{})
	}
	if s.ProductName == "" || s.CouponLeft <= 0 {
		r.frame.set(slotCountdown, nil, image.Point{})
	} else {
		r.setText(slotCountdown, kindCountdown, r.countdownText(s.CouponLeft), r.paintCountdown)
	}
	r.setText(slotBanner, kindBanner, s.Banner, r.paintBanner)
	r.setText(slotSubtitle, kindSubtitle, s.Subtitle, r.paintSubtitle)
	if s.Paused {
		if r.paused == nil {
			r.paused = newSprite(r.paintPaused())
		}
		r.frame.set(slotPaused, r.paused, image.Point{})
	} else {
		r.frame.set(slotPaused, nil, image.Point{})
	}
}

// setText shows the cached sprite for text in layer i, or nothing if empty.
func (r *Renderer) setText(i, kind int, text string, paint func(string) *image.RGBA) {
	if text == "" {
		r.frame.set(i, nil, image.Point{})
		return
	}
	img, ok := r.texts[kind].lookup(text)
	if !ok {
		img = r.texts[kind].put(text, paint(text))
	}
	r.frame.set(i, img, image.Point{})
}

// card returns the product card sprite, painting it when the product changes.
func (r *Renderer) card(name, price, coupon string) *sprite {
	if r.cardKey.name == name && r.cardKey.price == price && r.cardKey.coupon == coupon &&
		r.cardImg != nil {
		return r.cardImg
	}
	r.cardKey = cardKey{name, price, coupon}
	r.cardImg = newSprite(r.paintCard(name, price, coupon))
	return r.cardImg
}

// cardKey is the content of the product card.
type cardKey struct{ name, price, coupon string }

// countdownText formats the time left as mm:ss (h:mm:ss past an hour),
// rounding up so it reads 00:01 until it ends. The text of the last second
// is reused, so a steady countdown allocates once a second.
func (r *Renderer) countdownText(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s == r.cdSecs && r.cdText != "" {
		return r.cdText
	}
	r.cdSecs = s
	if s >= 3600 {
		r.cdText = fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	} else {
		r.cdText = fmt.Sprintf("%02d:%02d", s/60, s%60)
	}
	return r.cdText
}

// px converts art units to whole pixels at the frame's scale.
func (r *Renderer) px(v float32) int { return round(v * r.scale) }

// at places art point (x, y) in pixels.
func (r *Renderer) at(x, y float32) image.Point {
	px, py := r.art.apply(x, y)
	return image.Pt(round(px), round(py))
}

// placed moves img so its top-left corner lands on pt.
func placed(img *image.RGBA, pt image.Point) *image.RGBA {
	img.Rect = img.Rect.Sub(img.Rect.Min).Add(pt)
	return img
}
