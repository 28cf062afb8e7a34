package render

import "image"

// paintPaused paints the "be right back" look: the whole picture dimmed and
// softened, with a card in the middle.
func (r *Renderer) paintPaused() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, r.w, r.h))
	p := newPen(img, identity)
	p.fill(new(path).roundRect(-2, -2, float32(r.w)+4, float32(r.h)+4, 0),
		solid(hex(0x2A2233).alpha(0.55)))
	p.setMap(r.art)
	p.fillSoft(new(path).roundRect(90, 380, 360, 190, 28), solid(black.alpha(0.3)), 12)
	p.fill(new(path).roundRect(90, 372, 360, 190, 28), linear{x0: 0, y0: 372, x1: 0, y1: 562,
		stops: ramp{{0, white.alpha(0.96)}, {1, hex(0xFFF1F4).alpha(0.96)}}})
	cup := new(path).roundRect(246, 398, 40, 34, 8)
	p.fill(cup, solid(hex(0xF28CA0)))
	p.fill(new(path).ellipse(290, 412, 9, 9).ellipseCCW(290, 412, 5, 5), solid(hex(0xF28CA0)))
	for _, x := range []float32{258, 272} {
		p.fill(new(path).taper(x, 392, x+5, 384, x, 376, 3), solid(hex(0xE6B9C4)))
	}
	title := r.face.textImage([]string{"主播稍后回来"}, textStyle{
		size: r.px(34), bold: true, fill: solid(hex(0x3A2C36)), center: true,
	}, r.w)
	sub := r.face.textImage([]string{"Be right back · 精彩马上继续"}, textStyle{
		size: r.px(17), fill: solid(hex(0x8A7580)), center: true,
	}, r.w)
	ty, sy := r.at(0, 446).Y, r.at(0, 506).Y
	drawAt(img, title, image.Pt(0, ty))
	drawAt(img, sub, image.Pt(0, sy))
	return img
}
