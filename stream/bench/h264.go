package bench

// NAL unit types of RFC 6184 that hasIDR looks at.
const (
	nalIDR  = 5
	nalSTAP = 24
	nalFUA  = 28
)

// hasIDR reports whether an H.264 RTP payload (RFC 6184) carries an IDR slice: a single NAL
// unit of type 5, one inside a STAP-A, or the start of an FU-A fragment of one.
func hasIDR(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	switch b[0] & 0x1f {
	case nalIDR:
		return true
	case nalSTAP:
		for i := 1; i+2 < len(b); {
			size := int(b[i])<<8 | int(b[i+1])
			if b[i+2]&0x1f == nalIDR {
				return true
			}
			i += 2 + size
		}
	case nalFUA:
		return b[1]&0x80 != 0 && b[1]&0x1f == nalIDR
	}
	return false
}
