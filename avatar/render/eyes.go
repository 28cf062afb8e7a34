package render

import "image"

// eyeKey identifies a cached pair of eyes: head tilt step and blink level.
type eyeKey struct {
	tilt, blink int
}

// eyesX and eyesY are the centre between the eyes in art coordinates.
const eyesX, eyesY = 270, 344

// eye describes one eye in art coordinates, mirrored by side (-1 left).
type eye struct {
	cx, cy, side float32
}

// paintEyes paints both eyes, their lids closed by k.blink/blinkSteps.
func (r *Renderer) paintEyes(k eyeKey) *image.RGBA {
	img, p := r.headSprite(k.tilt, 196, 310, 344, 372)
	shut := float32(k.blink) / blinkSteps
	for _, e := range []eye{{232, 344, -1}, {308, 344, 1}} {
		e.paint(p, shut)
	}
	return img
}

// corners returns the inner and outer corners (x, y) of the eye.
func (e eye) corners() (ix, iy, ox, oy float32) {
	return e.cx - e.side*21, e.cy + 3, e.cx + e.side*23, e.cy - 1
}

// upperY and lowerY are the control heights of the lid curves.
func (e eye) upperY() float32 { return e.cy - 24 }
func (e eye) lowerY() float32 { return e.cy + 17 }

// shape is the opening between the lids, with the upper lid's control point
// lowered to ctrl.
func (e eye) shape(ctrl float32) *path {
	ix, iy, ox, oy := e.corners()
	return new(path).moveTo(ix, iy).quadTo(e.cx, ctrl, ox, oy).
		quadTo(e.cx+e.side*2, e.lowerY(), ix, iy).close()
}

// paint draws the eye with its lid closed by shut (0 open, 1 closed).
func (e eye) paint(p *pen, shut float32) {
	ix, iy, ox, oy := e.corners()
	lid := e.upperY() + (e.lowerY()-e.upperY())*shut
	if shut < 0.95 {
		open := e.shape(e.upperY())
		p.fill(open, linear{x0: 0, y0: e.cy - 12, x1: 0, y1: e.cy + 8, stops: ramp{
			{0, hex(0xE6E3EE)}, {1, white},
		}})
		p.setClip(open)
		e.paintIris(p)
		p.setClip(nil)
	}
	if shut > 0 {
		cover := new(path).moveTo(ix-2, iy).quadTo(e.cx, e.upperY()-8, ox+2, oy-1).
			quadTo(e.cx, lid, ix-2, iy).close()
		p.fill(cover, skinPaint())
	}
	w := 4.2 - 1.2*shut
	p.fill(new(path).taper(ix, iy, e.cx, lid, ox+e.side*3, oy-2, w), solid(lashColor))
	p.fill(new(path).taper(ox-e.side*6, oy-3, ox+e.side*2, oy-5, ox+e.side*8, oy-9, 3),
		solid(lashColor))
	if shut < 0.5 {
		p.fill(new(path).taper(ix+e.side*4, iy-3, e.cx, e.upperY()-7, ox-e.side*2, oy-6, 1.4),
			solid(hex(0xC58C7C).alpha(0.8)))
	}
	p.fill(new(path).taper(ix+e.side*6, iy+3, e.cx, e.lowerY()+1, ox-e.side*2, oy+3, 1.3),
		solid(hex(0x8A5A50).alpha(0.55)))
}

// paintIris draws the iris, pupil and catch lights.
func (e eye) paintIris(p *pen) {
	x, y := e.cx+e.side*0.5, e.cy-1
	p.fill(new(path).ellipse(x, y, 12.5, 13.5), linear{x0: 0, y0: y - 13, x1: 0, y1: y + 13,
		stops: ramp{{0, irisDark}, {0.45, irisDark.mix(irisLight, 0.4)}, {1, irisLight}}})
	p.fill(new(path).ellipse(x, y+0.5, 6, 6.5), solid(hex(0x1B1010)))
	p.fill(new(path).ellipse(x, y, 12.5, 13.5).ellipseCCW(x, y, 11, 12), solid(irisDark.alpha(0.8)))
	p.fill(new(path).ellipse(x-4.5, y-5, 3.6, 3.2), solid(white.alpha(0.95)))
	p.fill(new(path).ellipse(x+4, y+5, 1.7, 1.5), solid(white.alpha(0.8)))
	p.fillSoft(new(path).ellipse(x, y-12, 16, 6), solid(hex(0x7C6A7A).alpha(0.35)), 3)
}
