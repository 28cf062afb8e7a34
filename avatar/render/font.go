package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// systemFonts lists well-known CJK font files, most preferred first.
func systemFonts() []string {
	return []string{
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
	}
}

// loadFont opens path, or when path is empty the first candidate that holds
// CJK glyphs. Every failure wraps ErrNoFont.
func loadFont(path string, candidates []string) (*opentype.Font, error) {
	if path != "" {
		f, err := parseFont(path)
		if err != nil {
			return nil, fmt.Errorf("font %q: %v: %w", path, err, ErrNoFont)
		}
		return f, nil
	}
	for _, c := range candidates {
		if f, err := parseFont(c); err == nil {
			return f, nil
		}
	}
	return nil, ErrNoFont
}

// parseFont reads a .ttf, .otf or .ttc file and returns its first face that
// has Chinese glyphs.
func parseFont(path string) (*opentype.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	for i := 0; i < coll.NumFonts(); i++ {
		f, err := coll.Font(i)
		if err != nil {
			// Some collections (WenQuanYi Micro Hei among them) start
			// tables off the four-byte boundary the parser insists on;
			// the face copied out with its tables aligned reads fine.
			f, err = alignedFace(data, i)
			if err != nil {
				continue
			}
		}
		if idx, err := f.GlyphIndex(nil, '中'); err == nil && idx != 0 {
			return f, nil
		}
	}
	return nil, fmt.Errorf("no face with Chinese glyphs")
}

// alignedFace copies face i of a font file (a collection or a single font)
// into a standalone font whose tables each start on a four-byte boundary, and
// parses that.
func alignedFace(data []byte, i int) (*opentype.Font, error) {
	be := binary.BigEndian
	errShort := errors.New("truncated font file")
	dir := 0 // offset of the face's table directory
	if len(data) >= 12 && string(data[:4]) == "ttcf" {
		n := int(be.Uint32(data[8:]))
		if i >= n || len(data) < 12+4*(i+1) {
			return nil, errShort
		}
		dir = int(be.Uint32(data[12+4*i:]))
	} else if i != 0 {
		return nil, errShort
	}
	if dir+12 > len(data) {
		return nil, errShort
	}
	numTables := int(be.Uint16(data[dir+4:]))
	head := 12 + 16*numTables
	if dir+head > len(data) {
		return nil, errShort
	}
	out := make([]byte, head, len(data))
	copy(out[:12], data[dir:dir+12])
	for t := 0; t < numTables; t++ {
		rec := data[dir+12+16*t : dir+28+16*t]
		off, n := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || n < 0 || off+n > len(data) || off+n < off {
			return nil, errShort
		}
		dst := out[12+16*t : 28+16*t]
		copy(dst[:8], rec[:8]) // tag and checksum
		be.PutUint32(dst[8:], uint32(len(out)))
		be.PutUint32(dst[12:], uint32(n))
		out = append(out, data[off:off+n]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return opentype.Parse(out)
}

// glyph is one rasterized character: its coverage with the mask's bounds
// relative to the pen position on the baseline, and its advance in pixels.
type glyph struct {
	mask    *image.Alpha
	advance fixed.Int26_6
}

// glyphKey identifies a cached glyph.
type glyphKey struct {
	size int
	r    rune
}

// maxGlyphs bounds the glyph cache: a few thousand covers a show's text.
const maxGlyphs = 4096

// typeface rasterizes glyphs of one font at pixel sizes and keeps them.
type typeface struct {
	font   *opentype.Font
	faces  map[int]font.Face
	glyphs map[glyphKey]glyph
}

// newTypeface wraps a parsed font with empty caches.
func newTypeface(f *opentype.Font) *typeface {
	return &typeface{font: f, faces: map[int]font.Face{}, glyphs: map[glyphKey]glyph{}}
}

// face returns the face for a pixel size.
func (t *typeface) face(size int) font.Face {
	if f, ok := t.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(t.font, &opentype.FaceOptions{
		Size: float64(size), DPI: 72, Hinting: font.HintingNone,
	})
	if err != nil {
		// Only a size too small to draw fails (a tiny frame): its text is
		// left out rather than failing the whole frame.
		f = nil
	}
	t.faces[size] = f
	return f
}

// metrics returns ascent and line height in pixels for a size.
func (t *typeface) metrics(size int) (ascent, height int) {
	f := t.face(size)
	if f == nil {
		return size, size * 5 / 4
	}
	m := f.Metrics()
	return m.Ascent.Ceil(), (m.Ascent + m.Descent).Ceil()
}

// glyph returns the cached rasterized glyph of r at size.
func (t *typeface) glyph(size int, r rune) glyph {
	k := glyphKey{size, r}
	if g, ok := t.glyphs[k]; ok {
		return g
	}
	if len(t.glyphs) >= maxGlyphs {
		clear(t.glyphs) // hostile text must not grow the cache without bound
	}
	g := glyph{mask: image.NewAlpha(image.Rectangle{})}
	if f := t.face(size); f != nil {
		dr, mask, mp, adv, ok := f.Glyph(fixed.Point26_6{}, r)
		if !ok {
			dr, mask, mp, adv, _ = f.Glyph(fixed.Point26_6{}, '□')
		}
		g.advance = adv
		if mask != nil && !dr.Empty() {
			g.mask = image.NewAlpha(dr)
			for y := dr.Min.Y; y < dr.Max.Y; y++ {
				for x := dr.Min.X; x < dr.Max.X; x++ {
					_, _, _, a := mask.At(mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y).RGBA()
					g.mask.Pix[g.mask.PixOffset(x, y)] = uint8(a >> 8)
				}
			}
		}
	}
	t.glyphs[k] = g
	return g
}

// width is the advance of s at size, in pixels.
func (t *typeface) width(s string, size int) int {
	var w fixed.Int26_6
	for _, r := range s {
		w += t.glyph(size, r).advance
	}
	return w.Ceil()
}
