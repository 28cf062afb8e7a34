package render

import (
	"image"
	"strings"
	"unicode"

	"golang.org/x/image/math/fixed"
)

// textStyle says how a block of text is painted.
type textStyle struct {
	size    int   // pixel size of the font
	fill    paint // glyph colour, in the block's pixel coordinates
	outline rgba  // colour of the outline; zero alpha = none
	stroke  int   // outline width in pixels
	shadow  int   // drop shadow offset in pixels; 0 = none
	bold    bool  // thicken glyphs by a pixel
	center  bool  // centre each line in the block
	leading int   // extra pixels between lines
}

// pad is the margin textImage leaves around the glyphs for outline and shadow.
func (st textStyle) pad() int { return st.stroke + st.shadow + 2 }

// noBreakBefore lists characters that must not start a line (禁则).
const noBreakBefore = "，。！？、；：”’）》」』】…,.!?;:)]}%~·"

// tokens splits s into unbreakable pieces: a Latin word with its trailing
// space, or one CJK character with any closing punctuation that follows it.
func tokens(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		if isWordRune(rs[i]) {
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
		}
		for j < len(rs) && (rs[j] == ' ' || strings.ContainsRune(noBreakBefore, rs[j])) {
			j++
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

// isWordRune reports whether r belongs to a Latin-style word that wraps whole.
func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-')
}

// wrap breaks s into lines no wider than maxW pixels at size.
func (t *typeface) wrap(s string, size, maxW int) []string {
	s = strings.Join(strings.Fields(s), " ")
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, tok := range tokens(s) {
		w := t.width(tok, size)
		if curW > 0 && curW+t.width(strings.TrimRight(tok, " "), size) > maxW {
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
			curW = 0
		}
		if curW == 0 && w > maxW {
			lines = append(lines, t.hardBreak(tok, size, maxW, &cur, &curW)...)
			continue
		}
		cur.WriteString(tok)
		curW += w
	}
	if cur.Len() > 0 {
		lines = append(lines, strings.TrimRight(cur.String(), " "))
	}
	return lines
}

// hardBreak splits a token wider than a line by characters; the last part
// stays in cur to be continued.
func (t *typeface) hardBreak(tok string, size, maxW int, cur *strings.Builder, curW *int) []string {
	var lines []string
	for _, r := range tok {
		w := t.glyph(size, r).advance.Ceil()
		if *curW > 0 && *curW+w > maxW {
			lines = append(lines, cur.String())
			cur.Reset()
			*curW = 0
		}
		cur.WriteRune(r)
		*curW += w
	}
	return lines
}

// textImage paints lines in style st onto a new transparent image that is
// width pixels wide (or as wide as the longest line when width is 0).
func (t *typeface) textImage(lines []string, st textStyle, width int) *image.RGBA {
	pad := st.pad()
	ascent, lineH := t.metrics(st.size)
	lineH += st.leading
	if width == 0 {
		for _, l := range lines {
			width = max(width, t.width(l, st.size))
		}
		width += 2 * pad
	}
	h := lineH*len(lines) + 2*pad
	mask := image.NewAlpha(image.Rect(0, 0, width, h))
	for i, l := range lines {
		x := pad
		if st.center {
			x = (width - t.width(l, st.size)) / 2
		}
		t.drawLine(mask, l, st.size, x, pad+i*lineH+ascent)
	}
	if st.bold {
		embolden(mask)
	}
	return paintText(mask, st)
}

// drawLine adds the glyphs of s to mask with its baseline starting at (x, y).
func (t *typeface) drawLine(mask *image.Alpha, s string, size, x, y int) {
	dot := fixed.I(x)
	for _, r := range s {
		g := t.glyph(size, r)
		off := image.Pt(dot.Round(), y)
		r := g.mask.Rect.Add(off).Intersect(mask.Rect)
		for py := r.Min.Y; py < r.Max.Y; py++ {
			for px := r.Min.X; px < r.Max.X; px++ {
				a := g.mask.Pix[g.mask.PixOffset(px-off.X, py-off.Y)]
				i := mask.PixOffset(px, py)
				mask.Pix[i] = max(mask.Pix[i], a)
			}
		}
		dot += g.advance
	}
}

// embolden widens every stroke of mask by about one pixel to the right.
func embolden(mask *image.Alpha) {
	for y := 0; y < mask.Rect.Dy(); y++ {
		row := mask.Pix[y*mask.Stride : y*mask.Stride+mask.Rect.Dx()]
		for x := len(row) - 1; x > 0; x-- {
			row[x] = max(row[x], row[x-1])
		}
	}
}

// paintText turns a glyph mask into a coloured image with outline and shadow.
func paintText(mask *image.Alpha, st textStyle) *image.RGBA {
	img := image.NewRGBA(mask.Rect)
	if st.stroke > 0 && st.outline.a > 0 {
		ring := dilate(mask, st.stroke)
		if st.shadow > 0 {
			shadow := shift(ring, st.shadow, st.shadow)
			var tmp []uint8
			boxBlur(shadow, 1, &tmp)
			paintMask(img, shadow, solid(hex(0x000000).alpha(0.45)))
		}
		paintMask(img, ring, solid(st.outline))
	} else if st.shadow > 0 {
		paintMask(img, shift(mask, st.shadow, st.shadow), solid(hex(0x000000).alpha(0.35)))
	}
	paintMask(img, mask, st.fill)
	return img
}

// paintMask blends paint c through mask over img; both share bounds.
func paintMask(img *image.RGBA, mask *image.Alpha, c paint) {
	for y := 0; y < mask.Rect.Dy(); y++ {
		for x := 0; x < mask.Rect.Dx(); x++ {
			m := mask.Pix[y*mask.Stride+x]
			if m == 0 {
				continue
			}
			blendOver(img, x, y, c.at(float32(x)+0.5, float32(y)+0.5), float32(m)/255)
		}
	}
}

// dilate returns mask grown by a disc of radius r. Only pixels on the edge
// of the glyphs stamp the disc: inside, their neighbours' discs cover it.
func dilate(mask *image.Alpha, r int) *image.Alpha {
	out := image.NewAlpha(mask.Rect)
	disc := discKernel(r)
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m := mask.Pix[y*mask.Stride+x]
			if m == 0 {
				continue
			}
			if m == 255 && interior(mask, x, y) {
				out.Pix[y*out.Stride+x] = 255
				continue
			}
			stamp(out, x, y, r, m, disc)
		}
	}
	return out
}

// interior reports whether the four neighbours of (x, y) are fully covered.
func interior(m *image.Alpha, x, y int) bool {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if x == 0 || y == 0 || x == w-1 || y == h-1 {
		return false
	}
	i := y*m.Stride + x
	return m.Pix[i-1] == 255 && m.Pix[i+1] == 255 &&
		m.Pix[i-m.Stride] == 255 && m.Pix[i+m.Stride] == 255
}

// discKernel is the anti-aliased coverage, 0..255, of a disc of radius r
// over a square of side 2r+3.
func discKernel(r int) []uint8 {
	n := 2*r + 3
	k := make([]uint8, n*n)
	rr := float32(r) + 0.5
	for dy := -r - 1; dy <= r+1; dy++ {
		for dx := -r - 1; dx <= r+1; dx++ {
			edge := rr - sqrt32(float32(dx*dx+dy*dy))
			k[(dy+r+1)*n+dx+r+1] = uint8(255 * max(0, min(edge, 1)))
		}
	}
	return k
}

// stamp raises out to at least m times the disc kernel around (x, y).
func stamp(out *image.Alpha, x, y, r int, m uint8, disc []uint8) {
	w, h := out.Rect.Dx(), out.Rect.Dy()
	n := 2*r + 3
	for dy := -r - 1; dy <= r+1; dy++ {
		py := y + dy
		if py < 0 || py >= h {
			continue
		}
		row := disc[(dy+r+1)*n:]
		for dx := -r - 1; dx <= r+1; dx++ {
			px := x + dx
			if px < 0 || px >= w {
				continue
			}
			v := uint8(uint32(m) * uint32(row[dx+r+1]) / 255)
			i := py*out.Stride + px
			out.Pix[i] = max(out.Pix[i], v)
		}
	}
}

// shift returns a copy of mask moved by (dx, dy) pixels.
func shift(mask *image.Alpha, dx, dy int) *image.Alpha {
	out := image.NewAlpha(mask.Rect)
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	for y := 0; y+dy < h; y++ {
		for x := 0; x+dx < w; x++ {
			out.Pix[(y+dy)*out.Stride+x+dx] = mask.Pix[y*mask.Stride+x]
		}
	}
	return out
}
