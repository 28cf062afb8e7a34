package relay

import (
	"bytes"
	"testing"
)

func TestParseAccessUnit(t *testing.T) {
	sps := []byte{0x67, 0x42, 0xe0, 0x1f}
	pps := []byte{0x68, 0xce, 0x3c, 0x80}
	idr := []byte{0x65, 0x88, 0x84, 0x00, 0x10}
	slice := []byte{0x41, 0x9a, 0x02}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	sc4, sc3 := []byte{0, 0, 0, 1}, []byte{0, 0, 1}

	tests := []struct {
		name     string
		in       []byte
		idr      bool
		sps, pps []byte
	}{
		{"keyframe, 4-byte start codes", cat(sc4, sps, sc4, pps, sc4, idr), true, sps, pps},
		{"keyframe, mixed start codes", cat(sc3, sps, sc3, pps, sc4, idr), true, sps, pps},
		{"idr without parameter sets", cat(sc4, idr), true, nil, nil},
		{"p-frame", cat(sc4, slice), false, nil, nil},
		{"trailing zeros", cat(sc4, slice, []byte{0, 0}), false, nil, nil},
		{"no start code", slice, false, nil, nil},
		{"empty", nil, false, nil, nil},
		{"only start codes", cat(sc4, sc3, sc4), false, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseAccessUnit(tt.in)
			if got.idr != tt.idr || !bytes.Equal(got.sps, tt.sps) || !bytes.Equal(got.pps, tt.pps) {
				t.Errorf("parseAccessUnit = {idr %v sps %x pps %x}, want {idr %v sps %x pps %x}",
					got.idr, got.sps, got.pps, tt.idr, tt.sps, tt.pps)
			}
		})
	}
}

func TestWithParameterSets(t *testing.T) {
	sps, pps := []byte{0x67, 1}, []byte{0x68, 2}
	idr := []byte{0, 0, 0, 1, 0x65, 3}
	got := parseAccessUnit(withParameterSets(idr, sps, pps))
	if !got.idr || !bytes.Equal(got.sps, sps) || !bytes.Equal(got.pps, pps) {
		t.Errorf("withParameterSets lost a unit: %+v", got)
	}
}

func FuzzParseAccessUnit(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 0x88})
	f.Add([]byte{0, 0, 1})
	f.Add([]byte{0, 0, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		au := parseAccessUnit(b)
		if au.sps != nil && (len(au.sps) == 0 || au.sps[0]&0x1f != nalSPS) {
			t.Fatalf("sps %x is not an SPS", au.sps)
		}
		if au.pps != nil && (len(au.pps) == 0 || au.pps[0]&0x1f != nalPPS) {
			t.Fatalf("pps %x is not a PPS", au.pps)
		}
	})
}
