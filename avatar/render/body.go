package render

import "image"

// bodyOverhang is how far, in pixels, the body sprite runs below the frame so
// that breathing never uncovers its bottom edge.
const bodyOverhang = 16

// Cardigan colours.
var (
	cardiganLight = hex(0xF8BAC6)
	cardiganMid   = hex(0xF1A5B4)
	cardiganShade = hex(0xDE8C9D)
)

// paintBody paints the neck and the torso: a cream knit top under a soft pink
// cardigan, and a fine necklace. Breath moves it as one piece.
func (r *Renderer) paintBody() *image.RGBA {
	top := r.art.f + 400*r.scale
	img := image.NewRGBA(image.Rect(0, int(top), r.w, r.h+bodyOverhang))
	p := newPen(img, r.art)
	neck := new(path).moveTo(246, 400).lineTo(294, 400).
		cubeTo(294, 460, 298, 490, 316, 512).lineTo(224, 512).
		cubeTo(242, 490, 246, 460, 246, 400).close()
	p.fill(neck, neckPaint())
	p.fillSoft(new(path).ellipse(270, 452, 30, 12), solid(hex(0xC98870).alpha(0.5)), 8)

	r.paintArms(p)
	torso := new(path).moveTo(232, 498).
		cubeTo(190, 506, 150, 514, 136, 540).
		cubeTo(150, 600, 156, 700, 150, 1000).lineTo(390, 1000).
		cubeTo(384, 700, 390, 600, 404, 540).
		cubeTo(390, 514, 350, 506, 308, 498).close()
	p.fill(torso, linear{x0: 0, y0: 500, x1: 0, y1: 980, stops: ramp{
		{0, cardiganLight}, {1, cardiganMid},
	}})
	knit := new(path).moveTo(234, 500).quadTo(270, 548, 306, 500).
		lineTo(314, 506).cubeTo(300, 640, 292, 800, 300, 1000).lineTo(240, 1000).
		cubeTo(248, 800, 240, 640, 226, 506).close()
	p.fill(knit, linear{x0: 0, y0: 500, x1: 0, y1: 980, stops: ramp{
		{0, hex(0xFFFAF5)}, {1, hex(0xF3E8E0)},
	}})
	p.fill(new(path).taper(234, 500, 270, 550, 306, 500, 3), solid(hex(0xE9DCD2)))
	r.paintCardiganDetails(p)
	p.fill(new(path).taper(246, 500, 270, 536, 294, 500, 1.4), solid(hex(0xD8B36A)))
	p.fill(new(path).moveTo(270, 532).lineTo(275, 539).lineTo(270, 547).lineTo(265, 539).close(),
		solid(hex(0xE8C678)))
	return img
}

// paintArms draws the sleeves hanging from rounded shoulders, a shade darker
// than the body so the arms read as in front of nothing and beside the torso.
func (r *Renderer) paintArms(p *pen) {
	left := new(path).moveTo(200, 506).
		cubeTo(150, 512, 112, 530, 100, 580).
		cubeTo(86, 660, 74, 800, 66, 1000).lineTo(162, 1000).
		cubeTo(160, 800, 162, 660, 158, 590).close()
	right := new(path).moveTo(340, 506).
		cubeTo(390, 512, 428, 530, 440, 580).
		cubeTo(454, 660, 466, 800, 474, 1000).lineTo(378, 1000).
		cubeTo(380, 800, 378, 660, 382, 590).close()
	for _, a := range []*path{left, right} {
		p.fill(a, linear{x0: 0, y0: 520, x1: 0, y1: 980, stops: ramp{
			{0, cardiganLight}, {0.4, cardiganMid}, {1, cardiganShade},
		}})
	}
	p.fillSoft(new(path).taper(110, 600, 96, 780, 92, 1000, 12), solid(white.alpha(0.22)), 6)
	p.fillSoft(new(path).taper(430, 600, 444, 780, 448, 1000, 12), solid(white.alpha(0.22)), 6)
}

// paintCardiganDetails draws the cardigan's edges, the shadow where the arms
// meet the body, knit ribs and buttons.
func (r *Renderer) paintCardiganDetails(p *pen) {
	edge := hex(0xE3909F)
	p.fill(new(path).taper(220, 500, 236, 700, 236, 1000, 7), solid(edge))
	p.fill(new(path).taper(320, 500, 304, 700, 304, 1000, 7), solid(edge))
	fold := solid(cardiganShade.alpha(0.8))
	p.fillSoft(new(path).taper(138, 560, 150, 780, 150, 1000, 9), fold, 5)
	p.fillSoft(new(path).taper(402, 560, 390, 780, 390, 1000, 9), fold, 5)
	p.fillSoft(new(path).taper(120, 546, 170, 516, 228, 504, 8), solid(white.alpha(0.35)), 5)
	p.fillSoft(new(path).taper(312, 504, 370, 516, 420, 546, 8), solid(white.alpha(0.35)), 5)
	rib := solid(white.alpha(0.07))
	for x := float32(160); x < 226; x += 9 {
		p.fill(new(path).taper(x, 560, x+1, 780, x, 1000, 2.2), rib)
		p.fill(new(path).taper(540-x, 560, 539-x, 780, 540-x, 1000, 2.2), rib)
	}
	for _, y := range []float32{640, 720, 800, 880} {
		p.fill(new(path).ellipse(310, y, 5, 5), radial{cx: 309, cy: y - 1, rx: 5, ry: 5,
			stops: ramp{{0, white}, {1, hex(0xE6D4CC)}}})
	}
}

// paintDesk paints the edge of a white marble desk across the bottom of the
// frame, in front of the host.
func (r *Renderer) paintDesk() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, r.at(0, deskTop-12).Y, r.w, r.h))
	p := newPen(img, r.art)
	shadow := solid(hex(0x7A4A55).alpha(0.25))
	p.fillSoft(new(path).roundRect(-20, deskTop-6, refW+40, 20, 6), shadow, 6)
	p.fill(new(path).roundRect(-20, deskTop, refW+40, refH-deskTop+20, 4),
		linear{x0: 0, y0: deskTop, x1: 0, y1: refH, stops: ramp{
			{0, hex(0xFFFFFF)}, {0.25, hex(0xF6EFF0)}, {1, hex(0xE7D9DC)},
		}})
	vein := solid(hex(0xC9B8BE).alpha(0.35))
	p.fill(new(path).taper(30, deskTop+30, 140, deskTop+14, 260, deskTop+40, 1.5), vein)
	p.fill(new(path).taper(300, deskTop+44, 400, deskTop+24, 520, deskTop+36, 1.2), vein)
	p.fill(new(path).roundRect(-20, deskTop, refW+40, 3, 1), solid(white))
	return img
}

// deskTop is the art y of the desk's top edge.
const deskTop = 914
