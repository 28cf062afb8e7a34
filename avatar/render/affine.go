package render

import "math"

// affine maps art coordinates to pixel coordinates:
// x' = a*x + b*y + c, y' = d*x + e*y + f.
type affine struct{ a, b, c, d, e, f float32 }

// identity leaves points where they are.
var identity = affine{a: 1, e: 1}

// translation moves points by (tx, ty).
func translation(tx, ty float32) affine { return affine{a: 1, c: tx, e: 1, f: ty} }

// scaling scales points about the origin.
func scaling(s float32) affine { return affine{a: s, e: s} }

// rotation turns points about the origin by t radians, clockwise on screen
// (y grows downward).
func rotation(t float32) affine {
	s, c := math.Sincos(float64(t))
	return affine{a: float32(c), b: -float32(s), d: float32(s), e: float32(c)}
}

// then returns the map that applies m first and n after it.
func (m affine) then(n affine) affine {
	return affine{
		a: n.a*m.a + n.b*m.d,
		b: n.a*m.b + n.b*m.e,
		c: n.a*m.c + n.b*m.f + n.c,
		d: n.d*m.a + n.e*m.d,
		e: n.d*m.b + n.e*m.e,
		f: n.d*m.c + n.e*m.f + n.f,
	}
}

// apply maps one point.
func (m affine) apply(x, y float32) (float32, float32) {
	return m.a*x + m.b*y + m.c, m.d*x + m.e*y + m.f
}

// invert returns the inverse map; m must not be singular.
func (m affine) invert() affine {
	det := m.a*m.e - m.b*m.d
	ia, ib := m.e/det, -m.b/det
	id, ie := -m.d/det, m.a/det
	return affine{
		a: ia, b: ib, c: -(ia*m.c + ib*m.f),
		d: id, e: ie, f: -(id*m.c + ie*m.f),
	}
}
