package render

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// pen fills paths onto a premultiplied RGBA image through an affine map from
// art coordinates. It is used to paint art once into cached layers, never
// per frame for the whole picture.
type pen struct {
	dst  *image.RGBA
	m    affine
	inv  affine
	z    *vector.Rasterizer
	mask image.Alpha
	clip *image.Alpha // coverage in dst coordinates that limits fills; nil = none
	tmp  []uint8
}

// newPen returns a pen painting onto dst with the map m.
func newPen(dst *image.RGBA, m affine) *pen {
	p := &pen{dst: dst, z: vector.NewRasterizer(1, 1)}
	p.z.DrawOp = draw.Src
	p.setMap(m)
	return p
}

// setMap changes the art-to-pixel map.
func (p *pen) setMap(m affine) {
	p.m = m
	p.inv = m.invert()
}

// fill paints the inside of a with c.
func (p *pen) fill(a *path, c paint) { p.fillSoft(a, c, 0) }

// fillSoft paints a with c, its edge blurred over about blur art units.
func (p *pen) fillSoft(a *path, c paint, blur float32) {
	radius := int(math.Ceil(float64(blur * p.scale())))
	r, ok := p.coverage(a, radius)
	if !ok {
		return
	}
	if radius > 0 {
		boxBlur(&p.mask, radius/2+1, &p.tmp)
		boxBlur(&p.mask, radius/2+1, &p.tmp)
	}
	p.composite(r, c)
}

// setClip limits later fills to the inside of a; nil removes the limit.
func (p *pen) setClip(a *path) {
	if a == nil {
		p.clip = nil
		return
	}
	r, ok := p.coverage(a, 0)
	clip := image.NewAlpha(p.dst.Bounds())
	if ok {
		draw.Draw(clip, r, &p.mask, image.Point{}, draw.Src)
	}
	p.clip = clip
}

// scale is how many pixels one art unit spans.
func (p *pen) scale() float32 {
	return float32(math.Sqrt(math.Abs(float64(p.m.a*p.m.e - p.m.b*p.m.d))))
}

// coverage rasterizes a into p.mask, whose origin sits at the returned
// rectangle's minimum in dst; ok is false when nothing of a lands on dst.
func (p *pen) coverage(a *path, pad int) (image.Rectangle, bool) {
	r := p.bounds(a).Inset(-pad - 1).Intersect(p.dst.Bounds())
	if r.Empty() {
		return r, false
	}
	w, h := r.Dx(), r.Dy()
	p.z.Reset(w, h)
	p.z.DrawOp = draw.Src
	p.trace(a, p.m.then(translation(-float32(r.Min.X), -float32(r.Min.Y))))
	if cap(p.mask.Pix) < w*h {
		p.mask.Pix = make([]uint8, w*h)
	}
	p.mask.Pix = p.mask.Pix[:w*h]
	p.mask.Stride = w
	p.mask.Rect = image.Rect(0, 0, w, h)
	p.z.Draw(&p.mask, p.mask.Rect, image.Opaque, image.Point{})
	return r, true
}

// trace feeds the outlines of a, mapped by m, to the rasterizer.
func (p *pen) trace(a *path, m affine) {
	pt := func(i int) (float32, float32) { return m.apply(a.pts[i], a.pts[i+1]) }
	i := 0
	for _, op := range a.ops {
		switch op {
		case opMove:
			p.z.MoveTo(pt(i))
			i += 2
		case opLine:
			p.z.LineTo(pt(i))
			i += 2
		case opQuad:
			bx, by := pt(i)
			cx, cy := pt(i + 2)
			p.z.QuadTo(bx, by, cx, cy)
			i += 4
		case opCube:
			bx, by := pt(i)
			cx, cy := pt(i + 2)
			dx, dy := pt(i + 4)
			p.z.CubeTo(bx, by, cx, cy, dx, dy)
			i += 6
		case opClose:
			p.z.ClosePath()
		}
	}
}

// bounds is the pixel rectangle covering the control points of a.
func (p *pen) bounds(a *path) image.Rectangle { return pathBounds(a, p.m) }

// pathBounds is the pixel rectangle covering the control points of a mapped
// by m.
func pathBounds(a *path, m affine) image.Rectangle {
	x0, y0 := float32(math.Inf(1)), float32(math.Inf(1))
	x1, y1 := -x0, -y0
	for i := 0; i+1 < len(a.pts); i += 2 {
		x, y := m.apply(a.pts[i], a.pts[i+1])
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	if x0 > x1 {
		return image.Rectangle{}
	}
	return image.Rect(int(math.Floor(float64(x0))), int(math.Floor(float64(y0))),
		int(math.Ceil(float64(x1))), int(math.Ceil(float64(y1))))
}

// composite blends paint c through p.mask onto dst at r.
func (p *pen) composite(r image.Rectangle, c paint) {
	flat, isFlat := c.(solid)
	vertical, isVertical := c.(linear)
	isVertical = isVertical && vertical.x0 == vertical.x1 && p.m.b == 0 && p.m.d == 0
	for y := 0; y < r.Dy(); y++ {
		row := p.mask.Pix[y*p.mask.Stride : y*p.mask.Stride+r.Dx()]
		py := r.Min.Y + y
		if isVertical { // one colour per row: evaluate it once
			_, ly := p.inv.apply(0, float32(py)+0.5)
			flat, isFlat = solid(vertical.at(vertical.x0, ly)), true
		}
		for x, m := range row {
			if m == 0 {
				continue
			}
			px := r.Min.X + x
			cov := float32(m) / 255
			if p.clip != nil {
				cov *= float32(p.clip.Pix[p.clip.PixOffset(px, py)]) / 255
			}
			col := rgba(flat)
			if !isFlat {
				col = c.at(p.inv.apply(float32(px)+0.5, float32(py)+0.5))
			}
			blendOver(p.dst, px, py, col, cov)
		}
	}
}

// blendOver composites straight colour c with extra coverage cov over one
// premultiplied pixel.
func blendOver(dst *image.RGBA, x, y int, c rgba, cov float32) {
	a := c.a * cov
	if a <= 0 {
		return
	}
	i := dst.PixOffset(x, y)
	d := dst.Pix[i : i+4 : i+4]
	k := 1 - a
	d[0] = uint8(c.r*a*255 + float32(d[0])*k + 0.5)
	d[1] = uint8(c.g*a*255 + float32(d[1])*k + 0.5)
	d[2] = uint8(c.b*a*255 + float32(d[2])*k + 0.5)
	d[3] = uint8(a*255 + float32(d[3])*k + 0.5)
}

// boxBlur blurs an alpha mask in place with a box of the given radius,
// horizontally then vertically; tmp is scratch space kept between calls.
func boxBlur(m *image.Alpha, radius int, tmp *[]uint8) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if cap(*tmp) < max(w, h) {
		*tmp = make([]uint8, max(w, h))
	}
	line := (*tmp)[:max(w, h)]
	for y := 0; y < h; y++ {
		blurLine(m.Pix[y*m.Stride:], 1, w, radius, line)
	}
	for x := 0; x < w; x++ {
		blurLine(m.Pix[x:], m.Stride, h, radius, line)
	}
}

// blurLine box-blurs n samples spaced step apart in pix.
func blurLine(pix []uint8, step, n, radius int, line []uint8) {
	for i := 0; i < n; i++ {
		line[i] = pix[i*step]
	}
	sum, div := 0, 2*radius+1
	for i := -radius; i <= radius; i++ {
		if i >= 0 && i < n {
			sum += int(line[i])
		}
	}
	for i := 0; i < n; i++ {
		pix[i*step] = uint8(sum / div)
		if j := i + radius + 1; j < n {
			sum += int(line[j])
		}
		if j := i - radius; j >= 0 {
			sum -= int(line[j])
		}
	}
}
