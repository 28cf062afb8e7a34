package relay

import (
	"strings"
	"testing"
)

func TestParseTrickle(t *testing.T) {
	frag := "a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n" +
		"a=candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host\r\n" +
		"a=mid:1\r\na=candidate:2 1 udp 2130706431 10.0.0.2 50001 typ host\r\n" +
		"a=end-of-candidates\r\n"
	f := parseTrickle(frag)
	if f.ufrag != "EsAw" {
		t.Errorf("ufrag = %q, want EsAw", f.ufrag)
	}
	if len(f.candidates) != 2 {
		t.Fatalf("%d candidates, want 2", len(f.candidates))
	}
	first, second := f.candidates[0], f.candidates[1]
	if first.SDPMid != nil || first.SDPMLineIndex == nil || *first.SDPMLineIndex != 0 {
		t.Errorf("candidate before any a=mid: mid %v index %v, want index 0",
			first.SDPMid, first.SDPMLineIndex)
	}
	if second.SDPMid == nil || *second.SDPMid != "1" {
		t.Errorf("candidate after a=mid:1 has mid %v", second.SDPMid)
	}
	if !strings.HasPrefix(second.Candidate, "candidate:2 ") {
		t.Errorf("candidate = %q, want it without the a= prefix", second.Candidate)
	}
}

func FuzzParseTrickle(f *testing.F) {
	f.Add("a=mid:0\r\na=candidate:1 1 udp 1 127.0.0.1 1 typ host\r\n")
	f.Add("a=ice-ufrag:x\na=ice-pwd:y\n")
	f.Add("\x00a=candidate:\r\r\n")
	f.Fuzz(func(t *testing.T, frag string) {
		for _, c := range parseTrickle(frag).candidates {
			if !strings.HasPrefix(c.Candidate, "candidate:") {
				t.Fatalf("candidate %q lacks its prefix", c.Candidate)
			}
		}
	})
}
