package avatar

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// TestPresenterOpenAISpeech plays lines through an OpenAI-compatible speech
// server: PCM answers are spoken, failed requests skip their line.
func TestPresenterOpenAISpeech(t *testing.T) {
	tone := make([]byte, 2*24000) // one second of 24 kHz PCM
	for i := range len(tone) / 2 {
		v := uint16(tone24k(i))
		tone[2*i], tone[2*i+1] = byte(v), byte(v>>8)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer good" {
			http.Error(w, `{"error":{"message":"bad key","type":"invalid_request_error"}}`,
				http.StatusUnauthorized)
			return
		}
		w.Write(tone)
	}))
	defer srv.Close()
	for _, key := range []string{"good", "bad"} {
		engine, err := tts.NewOpenAISpeech(tts.OpenAISpeechConfig{
			BaseURL: srv.URL + "/v1", APIKey: key, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, engine, encode.VideoConfig{})
		h.say("u-1", bus.SourceScript, "欢迎来到直播间")
		if key == "bad" {
			h.expect("u-1", bus.PlayoutSkipped)
			continue
		}
		h.expect("u-1", bus.PlayoutStarted)
		if p := h.expect("u-1", bus.PlayoutFinished); p.DurationMS != 1000 {
			t.Errorf("played %d ms of a one-second answer", p.DurationMS)
		}
		h.stop()
	}
}

func tone24k(i int) int16 {
	if i%48 < 24 {
		return 6000
	}
	return -6000
}
