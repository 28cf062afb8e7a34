package relay

// NAL unit types of H.264 (ITU-T H.264 Table 7-1) that the relay looks at.
const (
	nalIDR = 5
	nalSPS = 7
	nalPPS = 8
)

// accessUnit summarises one Annex-B H.264 access unit.
type accessUnit struct {
	idr bool
	sps []byte // the last SPS in the unit, without start code
	pps []byte // the last PPS in the unit, without start code
}

// parseAccessUnit finds the NAL units of an Annex-B byte stream (start codes 00 00 01 or
// 00 00 00 01) and reports whether it holds an IDR slice and which parameter sets it carries.
func parseAccessUnit(b []byte) accessUnit {
	var au accessUnit
	forEachNAL(b, func(nal []byte) {
		switch nal[0] & 0x1f {
		case nalIDR:
			au.idr = true
		case nalSPS:
			au.sps = nal
		case nalPPS:
			au.pps = nal
		}
	})
	return au
}

// forEachNAL calls fn with every non-empty NAL unit of the Annex-B stream b.
func forEachNAL(b []byte, fn func(nal []byte)) {
	start := -1
	for i := 0; i+2 < len(b); {
		if b[i] != 0 || b[i+1] != 0 || b[i+2] != 1 {
			i++
			continue
		}
		if start >= 0 {
			emitNAL(b[start:i], fn)
		}
		i += 3
		start = i
	}
	if start >= 0 {
		emitNAL(b[start:], fn)
	}
}

// emitNAL trims the zero bytes that belong to the next four-byte start code (or trailing zeros,
// which H.264 B.2 allows) and passes a non-empty NAL unit on.
func emitNAL(nal []byte, fn func(nal []byte)) {
	for len(nal) > 0 && nal[len(nal)-1] == 0 {
		nal = nal[:len(nal)-1]
	}
	if len(nal) > 0 {
		fn(nal)
	}
}

// withParameterSets returns the access unit b with sps and pps in front, in Annex-B form.
func withParameterSets(b, sps, pps []byte) []byte {
	startCode := []byte{0, 0, 0, 1}
	out := make([]byte, 0, len(b)+len(sps)+len(pps)+8)
	out = append(out, startCode...)
	out = append(out, sps...)
	out = append(out, startCode...)
	out = append(out, pps...)
	return append(out, b...)
}
