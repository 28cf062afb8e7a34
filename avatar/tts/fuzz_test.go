package tts

import (
	"bytes"
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

func FuzzWorkerFrames(f *testing.F) {
	f.Add(synthRequest{Voice: "en-us", Rate: 175, Pitch: 50, Text: "hi"}.marshal())
	f.Add(synthReply{SampleRate: 22050, PCM: []int16{1, -2, 3}}.marshal())
	f.Add(synthReply{Err: "voice"}.marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		if req, err := parseSynthRequest(b); err == nil {
			again, err := parseSynthRequest(req.marshal())
			if err != nil || again != req {
				t.Errorf("request %+v does not survive a round trip: %+v, %v", req, again, err)
			}
		}
		if r, err := parseSynthReply(b); err == nil && r.Err == "" && 5+2*len(r.PCM) != len(b) {
			t.Errorf("%d-byte reply read as %d samples", len(b), len(r.PCM))
		}
		_, _ = readFrame(bytes.NewReader(b), 1<<10)
	})
}
