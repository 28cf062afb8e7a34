package whep

import (
	"errors"
	"testing"
)

func FuzzCheckOffer(f *testing.F) {
	f.Add([]byte("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" +
		"m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"))
	f.Add([]byte("v=0\r\n"))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, body []byte) {
		if err := checkOffer(body); err != nil && !errors.Is(err, ErrNotSDP) {
			t.Fatalf("checkOffer error %v does not wrap ErrNotSDP", err)
		}
	})
}
