package render

import "image"

// toYCbCr converts r (even-aligned) of the opaque canvas into out, as BT.601
// limited range (Y 16..235), the range H.264 decoders assume by default.
func toYCbCr(out *image.YCbCr, canvas *image.RGBA, r image.Rectangle) {
	n := r.Dx() / 2
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		p0 := canvas.PixOffset(r.Min.X, y)
		p1 := p0 + canvas.Stride
		y0 := out.YOffset(r.Min.X, y)
		y1 := y0 + out.YStride
		c := out.COffset(r.Min.X, y)
		convertRows(canvas.Pix[p0:p0+8*n], canvas.Pix[p1:p1+8*n],
			out.Y[y0:y0+2*n], out.Y[y1:y1+2*n], out.Cb[c:c+n], out.Cr[c:c+n])
	}
}

// convertRows converts two rows of RGBA pixels, top and bot, into their luma
// rows yt and yb and the chroma row (cb, cr) they share. The slices shrink
// as the loop walks them, which lets the compiler drop the bounds checks.
func convertRows(top, bot, yt, yb, cb, cr []uint8) {
	for len(top) >= 8 && len(bot) >= 8 && len(yt) >= 2 && len(yb) >= 2 &&
		len(cb) >= 1 && len(cr) >= 1 {
		r0, g0, b0 := int32(top[0]), int32(top[1]), int32(top[2])
		r1, g1, b1 := int32(top[4]), int32(top[5]), int32(top[6])
		r2, g2, b2 := int32(bot[0]), int32(bot[1]), int32(bot[2])
		r3, g3, b3 := int32(bot[4]), int32(bot[5]), int32(bot[6])
		yt[0], yt[1] = luma(r0, g0, b0), luma(r1, g1, b1)
		yb[0], yb[1] = luma(r2, g2, b2), luma(r3, g3, b3)
		sr, sg, sb := r0+r1+r2+r3, g0+g1+g2+g3, b0+b1+b2+b3
		cb[0] = uint8((-38*sr-74*sg+112*sb+512)>>10 + 128)
		cr[0] = uint8((112*sr-94*sg-18*sb+512)>>10 + 128)
		top, bot, yt, yb, cb, cr = top[8:], bot[8:], yt[2:], yb[2:], cb[1:], cr[1:]
	}
}

// luma is BT.601 limited-range Y of one pixel.
func luma(r, g, b int32) uint8 {
	return uint8((66*r+129*g+25*b+128)>>8 + 16)
}
