package render

import (
	"image"
	"strings"
	"unicode/utf8"
)

// Subtitle band geometry in art units: near the bottom, inset from the sides.
const (
	subX, subBottom = 16, 910
	subW            = refW - 2*subX
	subPadX         = 20
	subPadY         = 12
)

// subtitleSizes are the font sizes tried, in art units, largest first, with
// the most lines allowed at each.
var subtitleSizes = [...]struct{ size, lines int }{{30, 2}, {26, 3}, {23, 3}}

// subtitleLines wraps text at the largest size that fits; when even the
// smallest needs more than three lines it keeps the tail, the words being
// spoken last, behind a leading ellipsis.
func (r *Renderer) subtitleLines(text string) ([]string, int) {
	maxW := r.px(subW - 2*subPadX)
	for _, s := range subtitleSizes {
		lines := r.face.wrap(text, r.px(float32(s.size)), maxW)
		if len(lines) <= s.lines {
			return lines, r.px(float32(s.size))
		}
	}
	last := subtitleSizes[len(subtitleSizes)-1]
	size := r.px(float32(last.size))
	text = strings.Join(strings.Fields(tail(text, maxSubtitleRunes)), " ")
	all := r.face.wrap(text, size, maxW)
	rs := []rune(suffixOf(text, all[len(all)-last.lines:]))
	for len(rs) > 0 {
		lines := r.face.wrap("…"+string(rs), size, maxW)
		if len(lines) <= last.lines {
			return lines, size
		}
		rs = rs[1:]
	}
	return nil, size
}

// maxSubtitleRunes bounds the work of wrapping a runaway subtitle: only its
// tail can be shown anyway.
const maxSubtitleRunes = 400

// suffixOf returns the end of text that the given wrapped lines hold, with
// the spaces wrapping removed put back.
func suffixOf(text string, lines []string) string {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(strings.ReplaceAll(l, " ", ""))
	}
	rs := []rune(text)
	i := len(rs)
	for n > 0 && i > 0 {
		i--
		if rs[i] != ' ' {
			n--
		}
	}
	return string(rs[i:])
}

// tail returns the last n runes of s.
func tail(s string, n int) string {
	rs := []rune(s)
	return string(rs[max(0, len(rs)-n):])
}

// paintSubtitle paints the subtitle: white outlined text centred on a
// translucent dark band.
func (r *Renderer) paintSubtitle(text string) *image.RGBA {
	lines, size := r.subtitleLines(text)
	st := textStyle{
		size: size, fill: solid(white), outline: hex(0x14101A).alpha(0.85),
		stroke: max(1, r.px(2)), shadow: max(1, r.px(2)), center: true, leading: r.px(4),
	}
	txt := r.face.textImage(lines, st, r.px(subW))
	w, h := r.px(subW), txt.Rect.Dy()-2*st.pad()+2*r.px(subPadY)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	p := newPen(img, identity)
	p.fill(new(path).roundRect(0, 0, float32(w), float32(h), float32(r.px(18))),
		linear{x0: 0, y0: 0, x1: 0, y1: float32(h), stops: ramp{
			{0, hex(0x1C1624).alpha(0.48)}, {1, hex(0x1C1624).alpha(0.58)},
		}})
	drawAt(img, txt, image.Pt(0, (h-txt.Rect.Dy())/2))
	return placed(img, image.Pt(r.at(subX, 0).X, r.at(0, subBottom).Y-h))
}
