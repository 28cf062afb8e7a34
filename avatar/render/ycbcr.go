package render

import "image"

// toYCbCr converts r (even-aligned) of the opaque canvas into out, as BT.601
// limited range (Y 16..235), the range H.264 decoders assume by default.
func toYCbCr(out *image.YCbCr, canvas *image.RGBA, r image.Rectangle) {
	n := r.Dx() / 2
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		p0 := canvas.PixOffset(r.Min.X, y)
		p1 := p0 + canvas.Stride
		top := canvas.Pix[p0 : p0+8*n]
		bot := canvas.Pix[p1 : p1+8*n]
		y0 := out.YOffset(r.Min.X, y)
		y1 := y0 + out.YStride
		yt := out.Y[y0 : y0+2*n]
		yb := out.Y[y1 : y1+2*n]
		c := out.COffset(r.Min.X, y)
		cb := out.Cb[c : c+n]
		cr := out.Cr[c : c+n]
		for x := range n {
			t := top[8*x : 8*x+8 : 8*x+8]
			b := bot[8*x : 8*x+8 : 8*x+8]
			r0, g0, b0 := int32(t[0]), int32(t[1]), int32(t[2])
			r1, g1, b1 := int32(t[4]), int32(t[5]), int32(t[6])
			r2, g2, b2 := int32(b[0]), int32(b[1]), int32(b[2])
			r3, g3, b3 := int32(b[4]), int32(b[5]), int32(b[6])
			lt := yt[2*x : 2*x+2 : 2*x+2]
			lb := yb[2*x : 2*x+2 : 2*x+2]
			lt[0], lt[1] = luma(r0, g0, b0), luma(r1, g1, b1)
			lb[0], lb[1] = luma(r2, g2, b2), luma(r3, g3, b3)
			sr, sg, sb := r0+r1+r2+r3, g0+g1+g2+g3, b0+b1+b2+b3
			cb[x] = uint8((-38*sr-74*sg+112*sb+512)>>10 + 128)
			cr[x] = uint8((112*sr-94*sg-18*sb+512)>>10 + 128)
		}
	}
}

// luma is BT.601 limited-range Y of one pixel.
func luma(r, g, b int32) uint8 {
	return uint8((66*r+129*g+25*b+128)>>8 + 16)
}
