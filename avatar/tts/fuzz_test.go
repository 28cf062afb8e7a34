package tts

import (
	"strings"
	"testing"
)

func FuzzNormalizeZh(f *testing.F) {
	for _, s := range []string{"¥199", "满300减50", "8.5折", "99.9%", "20:30", "1,299元", "1.2.3", "2瓶"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := NormalizeZh(s)
		if strings.ContainsAny(out, "0123456789") {
			t.Errorf("NormalizeZh(%q) = %q still has digits", s, out)
		}
	})
}

func FuzzParseWAV(f *testing.F) {
	f.Add([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x22\x56\x00\x00" +
		"\x44\xac\x00\x00\x02\x00\x10\x00data\x04\x00\x00\x00\x01\x00\x02\x00"))
	f.Add([]byte("RIFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := parseWAV(b)
		if err == nil && w.sampleRate <= 0 {
			t.Errorf("accepted a WAV with sample rate %d", w.sampleRate)
		}
	})
}
