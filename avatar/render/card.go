package render

import "image"

// Product card geometry in art units: left side, over the host's arm.
const (
	cardX, cardY = 14, 540
	cardW, cardH = 200, 196
)

// paintCard paints the product card: an "explaining" tag, a product
// thumbnail, the name (two lines at most), the price and the coupon.
func (r *Renderer) paintCard(name, price, coupon string) *image.RGBA {
	pad := r.px(12)
	img := image.NewRGBA(image.Rect(0, 0, r.px(cardW)+2*pad, r.px(cardH)+2*pad))
	p := newPen(img, scaling(r.scale).then(translation(float32(pad), float32(pad))))
	p.fillSoft(new(path).roundRect(2, 6, cardW-4, cardH-2, 16), solid(hex(0x6B3140).alpha(0.25)), 8)
	p.fill(new(path).roundRect(0, 0, cardW, cardH, 16), linear{x0: 0, y0: 0, x1: 0, y1: cardH,
		stops: ramp{{0, white.alpha(0.97)}, {1, hex(0xFFF3F1).alpha(0.97)}}})
	p.fill(new(path).roundRect(10, 9, 62, 22, 11),
		linear{x0: 10, y0: 0, x1: 72, y1: 0, stops: ramp{{0, hex(0xFF5E62)}, {1, hex(0xFF9A5A)}}})
	r.stamp(img, []string{"讲解中"}, textStyle{size: r.px(13), fill: solid(white), bold: true},
		pad+r.px(21), pad+r.px(11))
	p.fill(new(path).roundRect(10, 38, 62, 72, 10), linear{x0: 0, y0: 38, x1: 0, y1: 110,
		stops: ramp{{0, hex(0xFDE2E7)}, {1, hex(0xF6C9D2)}}})
	product{28, 102, 26, 56, hex(0xFFFFFF), hex(0xE7C58E), 8}.paint(p)
	nameSize := r.px(17)
	lines := r.face.wrap(head(name, maxBannerRunes), nameSize, r.px(112))
	lines = ellipsize(r.face, lines, 2, nameSize, r.px(112))
	r.stamp(img, lines, textStyle{size: nameSize, fill: solid(hex(0x2B2228)), leading: r.px(2)},
		pad+r.px(80), pad+r.px(34))
	if price != "" {
		price = ellipsize(r.face, r.face.wrap(head(price, maxBannerRunes), r.px(32), r.px(176)), 1,
			r.px(32), r.px(176))[0]
		r.stamp(img, []string{price}, textStyle{size: r.px(32), bold: true,
			fill: solid(hex(0xF0313F))}, pad+r.px(10), pad+r.px(114))
	}
	if coupon != "" {
		r.paintCoupon(img, coupon, pad+r.px(12), pad+r.px(158))
	}
	return placed(img, r.at(cardX, cardY).Sub(image.Pt(pad, pad)))
}

// paintCoupon draws the coupon as a red ticket with a dashed edge at (x, y).
func (r *Renderer) paintCoupon(img *image.RGBA, coupon string, x, y int) {
	size := r.px(14)
	lines := ellipsize(r.face, r.face.wrap(head(coupon, maxBannerRunes), size, r.px(100)), 1, size,
		r.px(100))
	txt := r.face.textImage(lines, textStyle{size: size, fill: solid(hex(0xE8283A)), bold: true}, 0)
	t := r.pill(txt, 0, r.px(8), r.px(2), solid(hex(0xF0626E)))
	p := newPen(t, identity)
	w, h := float32(t.Rect.Dx()), float32(t.Rect.Dy())
	p.fill(new(path).roundRect(1.5, 1.5, w-3, h-3, h/2-1.5), solid(hex(0xFFEDED)))
	drawAt(t, txt, image.Pt(r.px(8), r.px(2)))
	drawAt(img, t, image.Pt(x, y))
}

// paintCountdown paints the coupon's time left, placed on the card's
// coupon row to the right of the coupon.
func (r *Renderer) paintCountdown(t string) *image.RGBA {
	txt := r.face.textImage([]string{"限时 " + t}, textStyle{
		size: r.px(14), fill: solid(white), bold: true,
	}, 0)
	img := r.pill(txt, 0, r.px(7), r.px(2), linear{x0: 0, y0: 0, x1: float32(txt.Rect.Dx()), y1: 0,
		stops: ramp{{0, hex(0xFF4D5E)}, {1, hex(0xFF8A4C)}}})
	x := r.at(cardX+cardW-10, cardY+159).X - img.Rect.Dx()
	return placed(img, image.Pt(x, r.at(0, cardY+159).Y))
}

// stamp paints lines in style st onto img with the block's top-left at (x, y).
func (r *Renderer) stamp(img *image.RGBA, lines []string, st textStyle, x, y int) {
	txt := r.face.textImage(lines, st, 0)
	pad := st.pad()
	drawAt(img, txt, image.Pt(x-pad, y-pad))
}

// ellipsize keeps at most n lines, ending the last with "…" when text was cut.
func ellipsize(t *typeface, lines []string, n, size, maxW int) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	rs := []rune(lines[n-1])
	for len(rs) > 0 && t.width(string(rs)+"…", size) > maxW {
		rs = rs[:len(rs)-1]
	}
	lines[n-1] = string(rs) + "…"
	return lines
}
