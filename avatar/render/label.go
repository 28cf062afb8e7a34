package render

import "image"

// labelText marks the stream as AI-generated, as live platforms require.
const labelText = "AI 生成 / AI-generated"

// paintLabel paints the AI-content label as a dark pill in the top-left corner.
func (r *Renderer) paintLabel() *image.RGBA {
	txt := r.face.textImage([]string{labelText}, textStyle{
		size: r.px(15), fill: solid(white), bold: true,
	}, 0)
	img := r.pill(txt, r.px(10), r.px(10), r.px(4), solid(hex(0x1E1A26).alpha(0.7)))
	dot := newPen(img, scaling(r.scale))
	cy := float32(img.Rect.Dy()) / 2 / r.scale
	dot.fill(new(path).ellipse(13, cy, 3.2, 3.2), solid(hex(0x7CE0B5)))
	return placed(img, r.at(14, 14))
}

// pill puts txt on a rounded background with padding padX, padY pixels and
// lead more pixels on the left for an icon.
func (r *Renderer) pill(txt *image.RGBA, lead, padX, padY int, bg paint) *image.RGBA {
	w, h := lead+txt.Rect.Dx()+2*padX, txt.Rect.Dy()+2*padY
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	p := newPen(img, identity)
	p.fill(new(path).roundRect(0, 0, float32(w), float32(h), float32(h)/2), bg)
	drawAt(img, txt, image.Pt(lead+padX, padY))
	return img
}
