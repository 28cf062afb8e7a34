package render

import (
	"image"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// mouthKey identifies a cached mouth: head tilt step, shape and openness.
type mouthKey struct {
	tilt  int
	shape pose.Mouth
	open  int
}

// mouthX and mouthY are the centre of the mouth in art coordinates.
const mouthX, mouthY = 270, 414

// paintMouth paints the mouth for k over a transparent sprite.
func (r *Renderer) paintMouth(k mouthKey) *image.RGBA {
	img, p := r.headSprite(k.tilt, 236, 398, 304, 446)
	o := float32(k.open) / openSteps
	switch k.shape {
	case pose.MouthOpen:
		paintOpenMouth(p, 17, 3+13*o, o)
	case pose.MouthWide:
		paintOpenMouth(p, 23, 2+8*o, o)
	case pose.MouthRound:
		paintOpenMouth(p, 10-2*o, 5+11*o, o)
	default:
		paintClosedMouth(p)
	}
	return img
}

// paintClosedMouth draws a gentle closed smile.
func paintClosedMouth(p *pen) {
	p.fill(new(path).moveTo(256, 413).quadTo(263, 409, 270, 411).quadTo(277, 409, 284, 413).
		quadTo(270, 418, 256, 413).close(), solid(lipColor))
	p.fill(new(path).moveTo(258, 414).quadTo(270, 428, 282, 414).quadTo(270, 418, 258, 414).close(),
		linear{x0: 0, y0: 414, x1: 0, y1: 424, stops: ramp{
			{0, lipColor}, {1, lipColor.mix(white, 0.15)},
		}})
	p.fill(new(path).taper(253, 411, 270, 419, 287, 411, 2.4), solid(lipDark))
	p.fill(new(path).ellipse(270, 420, 5, 1.6), solid(white.alpha(0.45)))
}

// paintOpenMouth draws a mouth opening of half-width hw and depth h; o is
// the open amount for how much of the teeth and tongue show.
func paintOpenMouth(p *pen, hw, h, o float32) {
	top := float32(mouthY - 2)
	l, r := mouthX-hw, mouthX+hw
	hole := new(path).moveTo(l, top).quadTo(mouthX, top-3, r, top).
		quadTo(mouthX, top+2*h, l, top).close()
	upper := new(path).moveTo(l-1.5, top).
		quadTo(mouthX-hw/2, top-8, mouthX, top-4.5).quadTo(mouthX+hw/2, top-8, r+1.5, top).
		quadTo(mouthX, top-3, l-1.5, top).close()
	lower := new(path).moveTo(l-1.5, top).quadTo(mouthX, top+2*h, r+1.5, top).
		quadTo(mouthX, top+2*h+13, l-1.5, top).close()
	p.fill(hole, solid(hex(0x6A2230)))
	p.setClip(hole)
	p.fill(new(path).ellipse(mouthX, top+h+3, hw*0.75, 3+h*0.4), solid(hex(0xDE7A86)))
	p.fill(new(path).roundRect(l, top-4, 2*hw, 5+2*o, 2), solid(hex(0xFCF8F5)))
	p.setClip(nil)
	p.fill(upper, solid(lipColor.mix(lipDark, 0.25)))
	p.fill(lower, linear{x0: 0, y0: top + h, x1: 0, y1: top + h + 7, stops: ramp{
		{0, lipColor}, {1, lipColor.mix(white, 0.12)},
	}})
	p.fill(new(path).ellipse(mouthX, top+h+4.5, hw*0.3, 1.2), solid(white.alpha(0.5)))
}
