package render

import "image"

// bodyOverhang is how far, in pixels, the body sprite runs below the frame so
// that breathing never uncovers its bottom edge.
const bodyOverhang = 16

// paintBody paints the neck and the torso: a cream knit top under a soft pink
// cardigan, and a fine necklace. Breath moves it as one piece.
func (r *Renderer) paintBody() *image.RGBA {
	top := r.art.f + 400*r.scale
	img := image.NewRGBA(image.Rect(0, int(top), r.w, r.h+bodyOverhang))
	p := newPen(img, r.art)
	neck := new(path).moveTo(244, 400).lineTo(296, 400).
		cubeTo(296, 460, 300, 490, 318, 512).lineTo(222, 512).
		cubeTo(240, 490, 244, 460, 244, 400).close()
	p.fill(neck, neckPaint())
	p.fillSoft(new(path).ellipse(270, 452, 30, 12), solid(hex(0xC98870).alpha(0.5)), 8)

	torso := new(path).moveTo(232, 498).
		cubeTo(180, 508, 132, 516, 112, 548).
		cubeTo(84, 590, 70, 700, 60, 1000).lineTo(480, 1000).
		cubeTo(470, 700, 456, 590, 428, 548).
		cubeTo(408, 516, 360, 508, 308, 498).close()
	p.fill(torso, linear{x0: 0, y0: 500, x1: 0, y1: 980, stops: ramp{
		{0, hex(0xF7B5C1)}, {1, hex(0xEE9FAE)},
	}})
	knit := new(path).moveTo(230, 500).quadTo(270, 548, 310, 500).
		lineTo(318, 504).cubeTo(300, 640, 292, 800, 300, 1000).lineTo(240, 1000).
		cubeTo(248, 800, 240, 640, 222, 504).close()
	p.fill(knit, linear{x0: 0, y0: 500, x1: 0, y1: 980, stops: ramp{
		{0, hex(0xFFFAF5)}, {1, hex(0xF3E8E0)},
	}})
	p.fill(new(path).taper(230, 500, 270, 550, 310, 500, 3), solid(hex(0xE9DCD2)))
	r.paintCardiganDetails(p)
	p.fill(new(path).taper(246, 500, 270, 536, 294, 500, 1.4), solid(hex(0xD8B36A)))
	p.fill(new(path).moveTo(270, 532).lineTo(275, 539).lineTo(270, 547).lineTo(265, 539).close(),
		solid(hex(0xE8C678)))
	return img
}

// paintCardiganDetails draws the cardigan's edges, fold shadows and buttons.
func (r *Renderer) paintCardiganDetails(p *pen) {
	edge := hex(0xE3909F)
	p.fill(new(path).taper(220, 500, 236, 700, 236, 1000, 7), solid(edge))
	p.fill(new(path).taper(320, 500, 304, 700, 304, 1000, 7), solid(edge))
	p.fillSoft(new(path).taper(150, 600, 140, 780, 146, 1000, 10), solid(edge.alpha(0.6)), 5)
	p.fillSoft(new(path).taper(390, 600, 400, 780, 394, 1000, 10), solid(edge.alpha(0.6)), 5)
	p.fillSoft(new(path).taper(130, 540, 180, 516, 230, 506, 8), solid(white.alpha(0.35)), 5)
	p.fillSoft(new(path).taper(310, 506, 360, 516, 410, 540, 8), solid(white.alpha(0.35)), 5)
	for _, y := range []float32{640, 720, 800, 880} {
		p.fill(new(path).ellipse(310, y, 5, 5), radial{cx: 309, cy: y - 1, rx: 5, ry: 5,
			stops: ramp{{0, white}, {1, hex(0xE6D4CC)}}})
	}
}
