package render

import "image"

// headPivot is where the head turns on the neck, in art coordinates.
const headPivotX, headPivotY = 270, 452

// headKey identifies a cached head layer: the tilt step, and whether it is
// the hair behind the body or the head in front of it.
type headKey struct {
	tilt int
	back bool
}

// headMap returns the art-to-pixel map of the head turned by tilt step t.
func (r *Renderer) headMap(t int) affine {
	return translation(-headPivotX, -headPivotY).
		then(rotation(float32(t) * tiltQuantum)).
		then(translation(headPivotX, headPivotY)).
		then(r.art)
}

// headSprite makes a transparent sprite covering the art box x0,y0-x1,y1 of
// the head at tilt step t, and a pen to paint it.
func (r *Renderer) headSprite(t int, x0, y0, x1, y1 float32) (*image.RGBA, *pen) {
	m := r.headMap(t)
	box := new(path).moveTo(x0, y0).lineTo(x1, y0).lineTo(x1, y1).lineTo(x0, y1).close()
	b := pathBounds(box, m).Inset(-2)
	img := image.NewRGBA(b)
	return img, newPen(img, m)
}

// paintHairBack paints the hair that falls behind the neck and shoulders.
func (r *Renderer) paintHairBack(t int) *image.RGBA {
	img, p := r.headSprite(t, 120, 160, 420, 640)
	back := new(path).moveTo(270, 176).
		cubeTo(188, 176, 146, 236, 146, 320).
		cubeTo(146, 420, 140, 520, 128, 600).
		quadTo(148, 628, 172, 606).quadTo(196, 626, 214, 596).
		lineTo(236, 560).lineTo(304, 560).lineTo(326, 596).
		quadTo(344, 626, 368, 606).quadTo(392, 628, 412, 600).
		cubeTo(400, 520, 394, 420, 394, 320).
		cubeTo(394, 236, 352, 176, 270, 176).close()
	p.fill(back, linear{x0: 0, y0: 180, x1: 0, y1: 620, stops: ramp{
		{0, hairMid}, {1, hairDark},
	}})
	return img
}

// paintHead paints the face, ears, brows, nose, blush and the front hair:
// everything on the head that does not move with the mouth or the eyes.
func (r *Renderer) paintHead(t int) *image.RGBA {
	img, p := r.headSprite(t, 120, 160, 420, 660)
	r.paintEars(p)
	p.fill(facePath(), skinPaint())
	p.setClip(facePath())
	p.fillSoft(new(path).ellipse(222, 386, 22, 12), solid(hex(0xF58E9C).alpha(0.38)), 9)
	p.fillSoft(new(path).ellipse(318, 386, 22, 12), solid(hex(0xF58E9C).alpha(0.38)), 9)
	p.fillSoft(new(path).ellipse(270, 236, 100, 26), solid(hex(0xC98C7A).alpha(0.35)), 10)
	p.setClip(nil)
	r.paintNose(p)
	r.paintBrows(p)
	r.paintFrontHair(p)
	return img
}

// facePath is the outline of the face, from the hairline to the chin.
func facePath() *path {
	return new(path).moveTo(270, 226).
		cubeTo(320, 226, 352, 262, 352, 318).
		cubeTo(352, 372, 334, 410, 304, 434).
		cubeTo(290, 446, 280, 452, 270, 452).
		cubeTo(260, 452, 250, 446, 236, 434).
		cubeTo(206, 410, 188, 372, 188, 318).
		cubeTo(188, 262, 220, 226, 270, 226).close()
}

// paintEars draws the ears and pearl earrings peeking out of the hair.
func (r *Renderer) paintEars(p *pen) {
	for _, x := range []float32{186, 354} {
		p.fill(new(path).ellipse(x, 350, 12, 22), skinPaint())
		p.fill(new(path).ellipse(x, 352, 6, 13), solid(skinShade.alpha(0.6)))
		p.fill(new(path).taper(x, 370, x, 378, x, 386, 2), solid(hex(0xD9B36A)))
		p.fill(new(path).ellipse(x, 392, 5.5, 5.5), radial{cx: x - 1.5, cy: 390, rx: 6, ry: 6,
			stops: ramp{{0, white}, {0.6, hex(0xF4EDE8)}, {1, hex(0xCFC4C4)}}})
	}
}

// paintNose draws a soft nose with a highlight and a hint of nostrils.
func (r *Renderer) paintNose(p *pen) {
	bridge := solid(hex(0xDDA491).alpha(0.35))
	p.fillSoft(new(path).taper(276, 366, 278, 378, 275, 390, 3.5), bridge, 3)
	p.fill(new(path).taper(263, 393, 270, 397, 277, 393, 2), solid(hex(0xC98573).alpha(0.6)))
	p.fillSoft(new(path).ellipse(268, 386, 3.5, 3), solid(white.alpha(0.7)), 1)
}

// paintBrows draws gently arched eyebrows.
func (r *Renderer) paintBrows(p *pen) {
	p.fill(new(path).taper(206, 312, 226, 293, 256, 302, 6.5), solid(browColor))
	p.fill(new(path).taper(334, 312, 314, 293, 284, 302, 6.5), solid(browColor))
}

// paintFrontHair draws the hair over the head: the crown, see-through
// bangs and side locks that fall over the shoulders.
func (r *Renderer) paintFrontHair(p *pen) {
	hair := linear{x0: 0, y0: 170, x1: 0, y1: 640, stops: ramp{
		{0, hairMid}, {0.35, hairDark}, {1, hairMid},
	}}
	crown := new(path).moveTo(150, 330).
		cubeTo(144, 220, 200, 172, 270, 172).
		cubeTo(340, 172, 396, 220, 390, 330).
		cubeTo(372, 282, 350, 254, 316, 240).
		cubeTo(280, 228, 240, 232, 214, 248).
		cubeTo(186, 266, 166, 292, 150, 330).close()
	p.setClip(facePath())
	p.fillSoft(new(path).ellipse(270, 236, 96, 34), solid(hex(0x8E5A4E).alpha(0.3)), 8)
	p.setClip(nil)
	p.fill(crown, hair)
	for _, l := range fringeLocks {
		p.fill(new(path).lock(l[0], l[1], l[2], l[3], l[4], l[5], l[6]), hair)
	}
	gloss := solid(hairLight.alpha(0.4))
	for _, l := range fringeLocks[:4] {
		p.fill(new(path).lock(l[0], l[1]+6, l[2], l[3], l[4], l[5]-8, 3), gloss)
	}
	left := new(path).moveTo(196, 250).cubeTo(160, 300, 172, 400, 178, 470).
		cubeTo(184, 540, 150, 590, 176, 652).
		cubeTo(150, 640, 136, 600, 146, 552).
		cubeTo(154, 480, 132, 360, 158, 290).close()
	right := new(path).moveTo(344, 250).cubeTo(380, 300, 368, 400, 362, 470).
		cubeTo(356, 540, 390, 590, 364, 652).
		cubeTo(390, 640, 404, 600, 394, 552).
		cubeTo(386, 480, 408, 360, 382, 290).close()
	shade := solid(hex(0x3A1E22).alpha(0.22))
	p.fillSoft(left, shade, 7)
	p.fillSoft(right, shade, 7)
	p.fill(left, hair)
	p.fill(right, hair)
	streak := solid(hairLight.alpha(0.3))
	for _, s := range [][6]float32{
		{170, 300, 160, 420, 164, 540}, {178, 420, 176, 520, 160, 610},
		{370, 300, 380, 420, 376, 540}, {362, 420, 364, 520, 380, 610},
	} {
		p.fill(new(path).taper(s[0], s[1], s[2], s[3], s[4], s[5], 3), streak)
	}
	shine := hairLight.alpha(0.55)
	p.fill(new(path).taper(206, 206, 270, 178, 334, 206, 7), solid(shine))
}

// fringeLocks are the see-through bangs: root, bend, tip and root width,
// parted a little right of centre and swept out to both sides.
var fringeLocks = [...][7]float32{
	{262, 222, 244, 252, 224, 294, 30}, {244, 226, 220, 256, 204, 298, 28},
	{282, 222, 300, 252, 316, 290, 30}, {300, 226, 324, 256, 338, 298, 28},
	{226, 232, 200, 262, 192, 310, 26}, {318, 232, 342, 262, 348, 310, 26},
	{270, 220, 266, 252, 258, 282, 20},
}
