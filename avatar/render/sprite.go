package render

import (
	"encoding/binary"
	"image"
)

// span is a run of pixels in one row of a sprite that are all opaque or all
// partly transparent; fully transparent runs are left out.
type span struct {
	x0, x1 int32 // pixel columns relative to the sprite's left edge
	opaque bool
}

// sprite is a premultiplied image, in frame coordinates at rest, with its
// rows split into spans so compositing copies opaque runs and skips
// transparent ones.
type sprite struct {
	img  *image.RGBA
	rows [][]span
}

// newSprite indexes the spans of img.
func newSprite(img *image.RGBA) *sprite {
	s := &sprite{img: img, rows: make([][]span, img.Rect.Dy())}
	w := img.Rect.Dx()
	var all []span
	starts := make([]int, len(s.rows)+1)
	for y := range s.rows {
		pix := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := 0; x < w; {
			a := pix[4*x+3]
			end := x + 1
			for end < w && class(pix[4*end+3]) == class(a) {
				end++
			}
			if a != 0 {
				all = append(all, span{int32(x), int32(end), a == 255})
			}
			x = end
		}
		starts[y+1] = len(all)
	}
	for y := range s.rows {
		s.rows[y] = all[starts[y]:starts[y+1]:starts[y+1]]
	}
	return s
}

// class sorts an alpha value into transparent (0), partial (1), opaque (2).
func class(a uint8) int {
	switch a {
	case 0:
		return 0
	case 255:
		return 2
	}
	return 1
}

// blendSprite composites s, moved by off, over dst within r.
func blendSprite(dst *image.RGBA, r image.Rectangle, s *sprite, off image.Point) {
	sr := s.img.Rect.Add(off)
	x0, x1 := int32(r.Min.X-sr.Min.X), int32(r.Max.X-sr.Min.X)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		sy := y - sr.Min.Y
		srcRow := s.img.Pix[sy*s.img.Stride:]
		dstRow := dst.Pix[dst.PixOffset(sr.Min.X, y):]
		for _, sp := range s.rows[sy] {
			a, b := max(sp.x0, x0), min(sp.x1, x1)
			if a >= b {
				continue
			}
			if sp.opaque {
				copy(dstRow[4*a:4*b], srcRow[4*a:4*b])
				continue
			}
			blendRun(dstRow[4*a:4*b], srcRow[4*a:4*b])
		}
	}
}

// blendRun composites a run of premultiplied pixels s over d. Each pixel is
// one 32-bit word whose four channels are scaled two at a time in 16-bit
// lanes: a channel times 255 still fits a lane, and the rounded division by
// 255 is div255 lane by lane, so the result is exactly that of blending
// channel by channel. Premultiplied channels never exceed their alpha, so
// the final sum carries nothing into the next channel.
func blendRun(d, s []uint8) {
	d = d[:len(s)]
	for len(s) >= 4 && len(d) >= 4 {
		sp := binary.LittleEndian.Uint32(s)
		k := 255 - sp>>24
		dp := binary.LittleEndian.Uint32(d)
		under := scaleLanes(dp&0x00ff00ff, k) | scaleLanes(dp>>8&0x00ff00ff, k)<<8
		binary.LittleEndian.PutUint32(d, sp+under)
		s, d = s[4:], d[4:]
	}
}

// scaleLanes multiplies the two 8-bit values held in the low bytes of v's
// 16-bit lanes by k/255, rounded as div255 does.
func scaleLanes(v, k uint32) uint32 {
	v = v*k + 0x00800080
	return (v + v>>8&0x00ff00ff) >> 8 & 0x00ff00ff
}
