package render

import "image"

// toYCbCr converts r (even-aligned) of the opaque canvas into out, as BT.601
// limited range (Y 16..235), the range H.264 decoders assume by default.
func toYCbCr(out *image.YCbCr, canvas *image.RGBA, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		top := canvas.Pix[canvas.PixOffset(r.Min.X, y):]
		bot := canvas.Pix[canvas.PixOffset(r.Min.X, y+1):]
		yt := out.Y[out.YOffset(r.Min.X, y):]
		yb := out.Y[out.YOffset(r.Min.X, y+1):]
		ci := out.COffset(r.Min.X, y)
		cb := out.Cb[ci : ci+r.Dx()/2]
		cr := out.Cr[ci : ci+r.Dx()/2]
		for x := range cb {
			i := x * 8
			r0, g0, b0 := int32(top[i]), int32(top[i+1]), int32(top[i+2])
			r1, g1, b1 := int32(top[i+4]), int32(top[i+5]), int32(top[i+6])
			r2, g2, b2 := int32(bot[i]), int32(bot[i+1]), int32(bot[i+2])
			r3, g3, b3 := int32(bot[i+4]), int32(bot[i+5]), int32(bot[i+6])
			yt[2*x] = luma(r0, g0, b0)
			yt[2*x+1] = luma(r1, g1, b1)
			yb[2*x] = luma(r2, g2, b2)
			yb[2*x+1] = luma(r3, g3, b3)
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
