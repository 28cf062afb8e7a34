package render

import (
	"encoding/binary"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// misalignedCollection wraps a single font in a one-face collection whose
// tables start two bytes off the four-byte boundary, as WenQuanYi Micro
// Hei's do.
func misalignedCollection(t *testing.T, font []byte) []byte {
	t.Helper()
	be := binary.BigEndian
	numTables := int(be.Uint16(font[4:]))
	head := 12 + 16*numTables
	out := []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10")
	dir := len(out)
	out = append(out, font[:head]...)
	out = append(out, 0, 0) // the misalignment
	for i := 0; i < numTables; i++ {
		rec := out[dir+12+16*i:]
		off, n := be.Uint32(font[12+16*i+8:]), be.Uint32(font[12+16*i+12:])
		be.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, font[off:off+n]...)
		if n%4 == 0 {
			out = append(out, 0, 0) // keep the next table off the boundary
		}
	}
	return out
}

func TestAlignedFaceReadsMisalignedCollections(t *testing.T) {
	data := misalignedCollection(t, goregular.TTF)
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		t.Fatalf("parse collection: %v", err)
	}
	if _, err := coll.Font(0); err == nil {
		t.Fatal("the parser read a misaligned face; the test builds the wrong file")
	}
	f, err := alignedFace(data, 0)
	if err != nil {
		t.Fatalf("alignedFace: %v", err)
	}
	if idx, err := f.GlyphIndex(nil, 'g'); err != nil || idx == 0 {
		t.Fatalf("glyph 'g' of the aligned face: index %d, %v", idx, err)
	}
	if _, err := alignedFace(data, 1); err == nil {
		t.Error("alignedFace read face 1 of a one-face collection")
	}
	if _, err := alignedFace(data[:40], 0); err == nil {
		t.Error("alignedFace read a truncated file")
	}
}
