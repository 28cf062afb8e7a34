package render

import "math"

// pathOp is one drawing command of a path.
type pathOp uint8

const (
	opMove pathOp = iota
	opLine
	opQuad
	opCube
	opClose
)

// path is a list of outlines in art coordinates, filled with the nonzero rule.
type path struct {
	ops []pathOp
	pts []float32
}

func (p *path) moveTo(x, y float32) *path {
	p.ops = append(p.ops, opMove)
	p.pts = append(p.pts, x, y)
	return p
}

func (p *path) lineTo(x, y float32) *path {
	p.ops = append(p.ops, opLine)
	p.pts = append(p.pts, x, y)
	return p
}

func (p *path) quadTo(bx, by, x, y float32) *path {
	p.ops = append(p.ops, opQuad)
	p.pts = append(p.pts, bx, by, x, y)
	return p
}

func (p *path) cubeTo(bx, by, cx, cy, x, y float32) *path {
	p.ops = append(p.ops, opCube)
	p.pts = append(p.pts, bx, by, cx, cy, x, y)
	return p
}

func (p *path) close() *path {
	p.ops = append(p.ops, opClose)
	return p
}

// kappa places cubic control points so four arcs approximate a circle.
const kappa = 0.5522848

// ellipse adds a closed ellipse; ccw reverses the direction to cut a hole.
func (p *path) ellipse(cx, cy, rx, ry float32) *path {
	kx, ky := rx*kappa, ry*kappa
	p.moveTo(cx+rx, cy)
	p.cubeTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.cubeTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.cubeTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.cubeTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	return p.close()
}

// ellipseCCW adds an ellipse wound the other way, cutting a hole in a shape
// wound like ellipse.
func (p *path) ellipseCCW(cx, cy, rx, ry float32) *path {
	kx, ky := rx*kappa, ry*kappa
	p.moveTo(cx+rx, cy)
	p.cubeTo(cx+rx, cy-ky, cx+kx, cy-ry, cx, cy-ry)
	p.cubeTo(cx-kx, cy-ry, cx-rx, cy-ky, cx-rx, cy)
	p.cubeTo(cx-rx, cy+ky, cx-kx, cy+ry, cx, cy+ry)
	p.cubeTo(cx+kx, cy+ry, cx+rx, cy+ky, cx+rx, cy)
	return p.close()
}

// roundRect adds a rectangle with corners rounded by radius r.
func (p *path) roundRect(x, y, w, h, r float32) *path {
	r = min(r, w/2, h/2)
	k := r * (1 - kappa)
	p.moveTo(x+r, y)
	p.lineTo(x+w-r, y)
	p.cubeTo(x+w-k, y, x+w, y+k, x+w, y+r)
	p.lineTo(x+w, y+h-r)
	p.cubeTo(x+w, y+h-k, x+w-k, y+h, x+w-r, y+h)
	p.lineTo(x+r, y+h)
	p.cubeTo(x+k, y+h, x, y+h-k, x, y+h-r)
	p.lineTo(x, y+r)
	p.cubeTo(x, y+k, x+k, y, x+r, y)
	return p.close()
}

// quadPoints flattens the quadratic curve from a through control b to c into
// n+1 points, appended to dst as x,y pairs.
func quadPoints(dst []float32, ax, ay, bx, by, cx, cy float32, n int) []float32 {
	for i := 0; i <= n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		dst = append(dst, u*u*ax+2*u*t*bx+t*t*cx, u*u*ay+2*u*t*by+t*t*cy)
	}
	return dst
}

// lock adds a hair lock along a quadratic curve: w wide at its root (a),
// narrowing to a point at its tip (c).
func (p *path) lock(ax, ay, bx, by, cx, cy, w float32) *path {
	return p.profiled(ax, ay, bx, by, cx, cy, w, func(t float32) float32 {
		return float32(math.Sqrt(float64(1 - t)))
	})
}

// taper adds a crescent stroke along a quadratic curve, widest (w) in the
// middle and pointed at both ends: eyebrows, lash lines, hair strands.
func (p *path) taper(ax, ay, bx, by, cx, cy, w float32) *path {
	return p.profiled(ax, ay, bx, by, cx, cy, w, func(t float32) float32 {
		return float32(math.Sin(math.Pi * float64(t)))
	})
}

// profiled adds a stroke along a quadratic curve whose width at t in 0..1 is
// w times width(t).
func (p *path) profiled(ax, ay, bx, by, cx, cy, w float32, width func(float32) float32) *path {
	const n = 16
	pts := quadPoints(nil, ax, ay, bx, by, cx, cy, n)
	side := func(i int, sign float32) (float32, float32) {
		j0, j1 := max(i-1, 0), min(i+1, n)
		dx, dy := pts[2*j1]-pts[2*j0], pts[2*j1+1]-pts[2*j0+1]
		l := float32(math.Hypot(float64(dx), float64(dy)))
		t := float32(i) / n
		hw := w / 2 * width(t)
		return pts[2*i] - dy/l*hw*sign, pts[2*i+1] + dx/l*hw*sign
	}
	p.moveTo(side(0, 1))
	for i := 1; i <= n; i++ {
		p.lineTo(side(i, 1))
	}
	for i := n; i >= 0; i-- {
		p.lineTo(side(i, -1))
	}
	return p.close()
}
