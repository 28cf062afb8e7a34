package render

import "image"

// Banner geometry in art units: a ribbon across the top, above the head.
const (
	bannerX, bannerY = 40, 76
	bannerW, bannerH = 460, 60
)

// paintBanner paints the welfare banner: a warm gradient ribbon with a gold
// rim, sparkles and the text in one line, shrunk to fit.
func (r *Renderer) paintBanner(text string) *image.RGBA {
	pad := r.px(10)
	img := image.NewRGBA(image.Rect(0, 0, r.px(bannerW)+2*pad, r.px(bannerH)+2*pad))
	p := newPen(img, scaling(r.scale).then(translation(float32(pad), float32(pad))))
	shadow := solid(hex(0x9E1F3A).alpha(0.3))
	p.fillSoft(new(path).roundRect(4, 8, bannerW-8, bannerH-4, 30), shadow, 8)
	p.fill(new(path).roundRect(0, 0, bannerW, bannerH, 30), solid(hex(0xFFD98A)))
	p.fill(new(path).roundRect(3, 3, bannerW-6, bannerH-6, 27), linear{x0: 0, y0: 0, x1: bannerW,
		y1: 0, stops: ramp{{0, hex(0xFF3D6E)}, {0.5, hex(0xFF5A4E)}, {1, hex(0xFF8C3A)}}})
	p.fill(new(path).roundRect(8, 6, bannerW-16, bannerH/2-6, 20), solid(white.alpha(0.16)))
	for _, s := range [][3]float32{{26, 30, 9}, {434, 30, 9}, {46, 16, 4.5}, {414, 46, 4.5}} {
		sparkle(p, s[0], s[1], s[2])
	}
	text = head(text, maxBannerRunes)
	size, maxW := r.px(28), r.px(bannerW-90)
	for size > r.px(16) && r.face.width(text, size) > maxW {
		size--
	}
	lines := ellipsize(r.face, r.face.wrap(text, size, maxW), 1, size, maxW)
	txt := r.face.textImage(lines, textStyle{
		size: size, bold: true, stroke: max(1, r.px(2)), outline: hex(0xA8122E).alpha(0.9),
		fill: linear{x0: 0, y0: 0, x1: 0, y1: float32(size) * 1.3, stops: ramp{
			{0, hex(0xFFFFFF)}, {0.55, hex(0xFFF4C9)}, {1, hex(0xFFD36B)},
		}},
	}, 0)
	at := image.Pt((img.Rect.Dx()-txt.Rect.Dx())/2, (img.Rect.Dy()-txt.Rect.Dy())/2)
	drawAt(img, txt, at)
	return placed(img, r.at(bannerX, bannerY).Sub(image.Pt(pad, pad)))
}

// maxBannerRunes bounds the text a banner lays out; more could not fit.
const maxBannerRunes = 80

// head returns the first n runes of s.
func head(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// sparkle draws a four-pointed star centred on (x, y) with radius s.
func sparkle(p *pen, x, y, s float32) {
	k := s * 0.22
	star := new(path).moveTo(x, y-s).quadTo(x+k, y-k, x+s, y).quadTo(x+k, y+k, x, y+s).
		quadTo(x-k, y+k, x-s, y).quadTo(x-k, y-k, x, y-s).close()
	p.fillSoft(new(path).ellipse(x, y, s*0.7, s*0.7), solid(hex(0xFFF3C4).alpha(0.6)), 3)
	p.fill(star, solid(hex(0xFFF6D8)))
}
