package render

import "math"

// rgba is a straight (not premultiplied) colour with channels in 0..1.
type rgba struct{ r, g, b, a float32 }

// hex makes an opaque colour from 0xRRGGBB.
func hex(v uint32) rgba {
	return rgba{
		r: float32(v>>16&0xff) / 255,
		g: float32(v>>8&0xff) / 255,
		b: float32(v&0xff) / 255,
		a: 1,
	}
}

// alpha returns c with its opacity multiplied by a.
func (c rgba) alpha(a float32) rgba {
	c.a *= a
	return c
}

// mix blends c toward d by t (0 gives c, 1 gives d).
func (c rgba) mix(d rgba, t float32) rgba {
	return rgba{
		r: c.r + (d.r-c.r)*t,
		g: c.g + (d.g-c.g)*t,
		b: c.b + (d.b-c.b)*t,
		a: c.a + (d.a-c.a)*t,
	}
}

// paint gives the colour of a fill at a point in the shape's own coordinates.
type paint interface {
	at(x, y float32) rgba
}

// solid paints one colour everywhere.
type solid rgba

func (s solid) at(_, _ float32) rgba { return rgba(s) }

// stop is one colour of a gradient at position t in 0..1.
type stop struct {
	t float32
	c rgba
}

// ramp evaluates a list of gradient stops at t.
type ramp []stop

func (g ramp) at(t float32) rgba {
	if t <= g[0].t {
		return g[0].c
	}
	for i := 1; i < len(g); i++ {
		if t <= g[i].t {
			u := (t - g[i-1].t) / (g[i].t - g[i-1].t)
			return g[i-1].c.mix(g[i].c, u)
		}
	}
	return g[len(g)-1].c
}

// linear paints a gradient along the line from (x0,y0) to (x1,y1).
type linear struct {
	x0, y0, x1, y1 float32
	stops          ramp
}

func (l linear) at(x, y float32) rgba {
	dx, dy := l.x1-l.x0, l.y1-l.y0
	t := ((x-l.x0)*dx + (y-l.y0)*dy) / (dx*dx + dy*dy)
	return l.stops.at(t)
}

// radial paints an elliptical gradient around (cx,cy) with radii rx, ry.
// With soft set, the stops run along the squared distance, so the centre
// has no visible peak: for broad shading such as skin.
type radial struct {
	cx, cy, rx, ry float32
	stops          ramp
	soft           bool
}

func (r radial) at(x, y float32) rgba {
	dx, dy := (x-r.cx)/r.rx, (y-r.cy)/r.ry
	if r.soft {
		return r.stops.at(dx*dx + dy*dy)
	}
	return r.stops.at(float32(math.Sqrt(float64(dx*dx + dy*dy))))
}

// sqrt32 is math.Sqrt for float32.
func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }
