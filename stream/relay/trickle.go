package relay

import (
	"fmt"
	"strings"

	"github.com/pion/webrtc/v4"
)

// trickleFragment is what the relay uses of a trickle-ICE SDP fragment (RFC 8840).
type trickleFragment struct {
	ufrag      string // a=ice-ufrag, if present
	candidates []webrtc.ICECandidateInit
}

// parseTrickle reads the a=ice-ufrag, a=mid and a=candidate lines of an SDP fragment; each
// candidate belongs to the media section named by the a=mid before it, or to the first one.
func parseTrickle(frag string) trickleFragment {
	var f trickleFragment
	var mid *string
	for line := range strings.Lines(frag) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "a=ice-ufrag:"):
			f.ufrag = strings.TrimPrefix(line, "a=ice-ufrag:")
		case strings.HasPrefix(line, "a=mid:"):
			m := strings.TrimPrefix(line, "a=mid:")
			mid = &m
		case strings.HasPrefix(line, "a=candidate:"):
			c := webrtc.ICECandidateInit{Candidate: strings.TrimPrefix(line, "a="), SDPMid: mid}
			if mid == nil {
				zero := uint16(0)
				c.SDPMLineIndex = &zero
			}
			f.candidates = append(f.candidates, c)
		}
	}
	return f
}

// AddICECandidates applies a trickle-ICE SDP fragment (RFC 8840, the body of a WHEP PATCH) to
// the viewer's session. A fragment with ICE credentials other than the offer's asks for an ICE
// restart, which the relay does not do; it returns ErrICERestart.
func (r *Room) AddICECandidates(id string, frag string) error {
	v, err := r.viewer(id)
	if err != nil {
		return err
	}
	remote := v.pc.RemoteDescription()
	if remote == nil {
		return fmt.Errorf("viewer %q: %w: no offer yet", id, ErrBadCandidate)
	}

	f := parseTrickle(frag)
	if f.ufrag != "" && !hasUfrag(remote, f.ufrag) {
		return fmt.Errorf("viewer %q: %w", id, ErrICERestart)
	}
	for _, c := range f.candidates {
		if err := v.pc.AddICECandidate(c); err != nil {
			return fmt.Errorf("viewer %q: %w: %w", id, ErrBadCandidate, err)
		}
	}
	return nil
}

// hasUfrag reports whether the session description uses the ICE username fragment ufrag.
func hasUfrag(desc *webrtc.SessionDescription, ufrag string) bool {
	// Parse a copy: Unmarshal caches its result in the description, which pion shares.
	own := webrtc.SessionDescription{Type: desc.Type, SDP: desc.SDP}
	parsed, err := own.Unmarshal()
	if err != nil {
		return false
	}
	if v, ok := parsed.Attribute("ice-ufrag"); ok && v == ufrag {
		return true
	}
	for _, m := range parsed.MediaDescriptions {
		if v, ok := m.Attribute("ice-ufrag"); ok && v == ufrag {
			return true
		}
	}
	return false
}
