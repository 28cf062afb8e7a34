package render

import "image"

// paintBackground paints the studio: wall, arch, ring light, shelves with
// products, a plant and the desk edge. It is opaque and drawn once.
func (r *Renderer) paintBackground() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, r.w, r.h))
	p := newPen(img, identity)
	full := new(path).roundRect(-10, -10, float32(r.w)+20, float32(r.h)+20, 0)
	p.fill(full, linear{x0: 0, y0: 0, x1: 0, y1: float32(r.h), stops: ramp{
		{0, hex(0xE9DDF3)}, {0.45, hex(0xF7E4EA)}, {1, hex(0xF2D6D2)},
	}})
	p.setMap(r.art)
	r.paintWall(p)
	r.paintShelves(p)
	r.paintPlant(p)
	return img
}

// paintWall draws the arch behind the host, the ring light and bokeh.
func (r *Renderer) paintWall(p *pen) {
	arch := new(path).moveTo(92, 1000).lineTo(92, 330).
		cubeTo(92, 200, 170, 120, 270, 120).cubeTo(370, 120, 448, 200, 448, 330).
		lineTo(448, 1000).close()
	p.fillSoft(arch, linear{x0: 0, y0: 120, x1: 0, y1: 960, stops: ramp{
		{0, hex(0xF3CCD6)}, {1, hex(0xE9B9C0)},
	}}, 3)
	inner := new(path).moveTo(112, 1000).lineTo(112, 335).
		cubeTo(112, 222, 182, 142, 270, 142).cubeTo(358, 142, 428, 222, 428, 335).
		lineTo(428, 1000).close()
	p.fill(inner, linear{x0: 0, y0: 140, x1: 0, y1: 960, stops: ramp{
		{0, hex(0xFBE6EA)}, {0.6, hex(0xF6D8DC)}, {1, hex(0xEFC8CB)},
	}})
	p.fillSoft(new(path).ellipse(270, 330, 200, 200), radial{cx: 270, cy: 330, rx: 200, ry: 200,
		stops: ramp{{0, white.alpha(0.75)}, {0.55, white.alpha(0.35)}, {1, white.alpha(0)}}}, 0)
	ring := new(path).ellipse(270, 318, 168, 168).ellipseCCW(270, 318, 154, 154)
	p.fillSoft(ring, solid(hex(0xFFF6EE).alpha(0.55)), 10)
	p.fill(ring, solid(hex(0xFFFDF9).alpha(0.8)))
	for _, b := range [][4]float32{{40, 90, 26, 0.35}, {500, 70, 34, 0.3}, {470, 190, 16, 0.4},
		{70, 220, 14, 0.35}, {30, 330, 20, 0.25}, {515, 300, 12, 0.35}} {
		p.fillSoft(new(path).ellipse(b[0], b[1], b[2], b[2]), solid(white.alpha(b[3])), 6)
	}
}

// paintShelves draws a floating shelf on each side with bottles and jars.
func (r *Renderer) paintShelves(p *pen) {
	for _, y := range []float32{430, 640} {
		for _, x := range []float32{-10, 420} {
			shelf := new(path).roundRect(x, y, 130, 12, 3)
			p.fillSoft(new(path).roundRect(x+4, y+10, 126, 10, 4), solid(black.alpha(0.12)), 5)
			p.fill(shelf, linear{x0: 0, y0: y, x1: 0, y1: y + 12, stops: ramp{
				{0, hex(0xFFFFFF)}, {1, hex(0xE8D6D0)},
			}})
		}
	}
	items := []product{
		{8, 430, 22, 70, hex(0xF6B9C8), hex(0xE9E2F2), 8},
		{36, 430, 30, 42, hex(0xFFFFFF), hex(0xD9A6B5), 12},
		{72, 430, 18, 84, hex(0xCFE3EF), hex(0xE7C58E), 6},
		{94, 430, 24, 52, hex(0xF3D7A8), hex(0xB98760), 9},
		{432, 430, 20, 76, hex(0xE2D4F4), hex(0xF2C4D0), 7},
		{458, 430, 34, 38, hex(0xF9CFD6), hex(0xFFFFFF), 14},
		{498, 430, 20, 62, hex(0xFFFFFF), hex(0xE7C58E), 7},
		{6, 640, 30, 46, hex(0xFBE3C8), hex(0xD48FA0), 12},
		{44, 640, 18, 72, hex(0xD9EEE4), hex(0xFFFFFF), 6},
		{70, 640, 26, 56, hex(0xF8C1CB), hex(0xE7C58E), 8},
		{438, 640, 26, 60, hex(0xE6E0F6), hex(0xC59CC9), 8},
		{472, 640, 18, 80, hex(0xFFE9D6), hex(0xE7C58E), 6},
		{498, 640, 32, 40, hex(0xFFFFFF), hex(0xF0A8B8), 13},
	}
	for _, it := range items {
		it.paint(p)
	}
}

// product is a cosmetics bottle or jar standing on a shelf at (x, base).
type product struct {
	x, base, w, h float32
	body, cap     rgba
	radius        float32
}

// paint draws the bottle with a cap, a soft shadow and a glass highlight.
func (b product) paint(p *pen) {
	capH := max(b.h*0.22, 8)
	top := b.base - b.h
	p.fillSoft(new(path).roundRect(b.x+3, b.base-4, b.w, 6, 3), solid(black.alpha(0.15)), 3)
	p.fill(new(path).roundRect(b.x, top+capH-2, b.w, b.h-capH+2, b.radius),
		linear{x0: b.x, y0: 0, x1: b.x + b.w, y1: 0, stops: ramp{
			{0, b.body.mix(white, 0.35)}, {0.5, b.body}, {1, b.body.mix(black, 0.12)},
		}})
	cw := b.w * 0.62
	if b.h < b.w*1.4 {
		cw = b.w
	}
	p.fill(new(path).roundRect(b.x+(b.w-cw)/2, top, cw, capH, 3), linear{
		x0: b.x, y0: 0, x1: b.x + b.w, y1: 0, stops: ramp{
			{0, b.cap.mix(white, 0.4)}, {1, b.cap.mix(black, 0.15)},
		}})
	p.fill(new(path).roundRect(b.x+b.w*0.18, top+capH+4, b.w*0.14, (b.h-capH)*0.6, 2),
		solid(white.alpha(0.55)))
	p.fill(new(path).roundRect(b.x+b.w*0.2, b.base-b.h*0.45, b.w*0.6, b.h*0.16, 1),
		solid(white.alpha(0.5)))
}

// paintPlant draws a trailing plant hanging from the right upper shelf edge
// and a small vase of flowers on the left lower shelf.
func (r *Renderer) paintPlant(p *pen) {
	leaf := hex(0x8DBF9A)
	dark := hex(0x5E9A72)
	for i, l := range [][6]float32{{500, 445, 520, 480, 510, 520}, {510, 445, 535, 500, 528, 548},
		{488, 445, 480, 490, 492, 530}, {520, 445, 545, 470, 545, 500}} {
		c := leaf
		if i%2 == 1 {
			c = dark
		}
		p.fill(new(path).taper(l[0], l[1], l[2], l[3], l[4], l[5], 16), solid(c))
	}
	p.fill(new(path).roundRect(100, 600, 22, 40, 9), linear{x0: 100, y0: 0, x1: 122, y1: 0,
		stops: ramp{{0, hex(0xFFFFFF)}, {1, hex(0xE6DCE4)}}})
	for _, f := range [][3]float32{{104, 572, 9}, {118, 566, 8}, {111, 556, 7}} {
		p.fill(new(path).taper(111, 600, 108, 585, f[0], f[1], 2), solid(dark))
		p.fill(new(path).ellipse(f[0], f[1], f[2], f[2]), radial{cx: f[0], cy: f[1], rx: f[2],
			ry: f[2], stops: ramp{{0, hex(0xFFF0D8)}, {0.4, hex(0xF7B3C2)}, {1, hex(0xEE93A8)}}})
	}
}
