package tts

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// speechServer speaks the /v1/audio/speech protocol: a JSON request in, raw
// 24 kHz 16-bit little-endian mono PCM out, or an OpenAI error object.
type speechServer struct {
	t      *testing.T
	status int    // non-zero answers with an error object
	body   []byte // the response body when status is zero
	hang   bool   // never answer, until the client gives up
	got    openai.CreateSpeechRequest
	auth   string
}

func (s *speechServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/audio/speech" {
		http.NotFound(w, r)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		s.t.Errorf("Content-Type %q", ct)
	}
	s.auth = r.Header.Get("Authorization")
	if err := json.NewDecoder(r.Body).Decode(&s.got); err != nil {
		s.t.Errorf("request body: %v", err)
	}
	if s.hang {
		<-r.Context().Done()
		return
	}
	if s.status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s.status)
		w.Write([]byte(`{"error":{"message":"Incorrect API key provided",` +
			`"type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`))
		return
	}
	w.Header().Set("Content-Type", "audio/pcm")
	w.Write(s.body)
}

// sine24k is ms milliseconds of a 440 Hz tone as the API's PCM bytes.
func sine24k(ms int) []byte {
	b := make([]byte, 2*24*ms)
	for i := range len(b) / 2 {
		v := int16(10000 * math.Sin(2*math.Pi*440*float64(i)/24000))
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func newSpeech(t *testing.T, s *speechServer, timeout time.Duration) *OpenAISpeech {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	e, err := NewOpenAISpeech(OpenAISpeechConfig{BaseURL: srv.URL + "/v1", Model: "tts-1",
		Voice: "nova", APIKey: "sk-test", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestOpenAISpeech(t *testing.T) {
	s := &speechServer{t: t, body: sine24k(500)}
	e := newSpeech(t, s, 5*time.Second)
	sp, err := e.Synthesize(t.Context(), Request{Text: " 欢迎来到\n直播间 ", Lang: "zh", Speed: 1.2})
	if err != nil {
		t.Fatal(err)
	}
	want := openai.CreateSpeechRequest{Model: "tts-1", Input: "欢迎来到 直播间", Voice: "nova",
		ResponseFormat: "pcm", Speed: 1.2}
	if s.got != want {
		t.Errorf("request %+v, want %+v", s.got, want)
	}
	if s.auth != "Bearer sk-test" {
		t.Errorf("Authorization %q", s.auth)
	}
	if sp.SampleRate != 48000 || len(sp.PCM) != 48000/2 {
		t.Fatalf("speech: %d samples at %d Hz, want 24000 at 48000", len(sp.PCM), sp.SampleRate)
	}
	if hz := crossings(sp.PCM[4800:19200]) / 2 / 0.3; math.Abs(hz-440) > 10 {
		t.Errorf("tone at %.0f Hz after resampling, want 440", hz)
	}
}

func TestOpenAISpeechErrors(t *testing.T) {
	tests := []struct {
		name string
		srv  speechServer
		text string
		want func(error) bool
	}{
		{"api error", speechServer{status: http.StatusUnauthorized}, "你好", func(err error) bool {
			var api *openai.APIError
			return errors.As(err, &api) && api.HTTPStatusCode == 401 &&
				strings.Contains(err.Error(), "Incorrect API key")
		}},
		{"timeout", speechServer{hang: true}, "你好", func(err error) bool {
			var ne net.Error
			return errors.As(err, &ne) && ne.Timeout()
		}},
		{"odd bytes", speechServer{body: []byte{1, 2, 3}}, "你好", is(ErrBadPCM)},
		{"no audio", speechServer{body: []byte{}}, "你好", is(ErrBadPCM)},
		{"no text", speechServer{}, " \n ", is(ErrEmptyText)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.srv.t = t
			e := newSpeech(t, &tt.srv, 200*time.Millisecond)
			_, err := e.Synthesize(t.Context(), Request{Text: tt.text})
			if !tt.want(err) {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestNewOpenAISpeechConfig(t *testing.T) {
	_, err := NewOpenAISpeech(OpenAISpeechConfig{BaseURL: "ftp://x"})
	if !errors.Is(err, ErrConfig) {
		t.Errorf("ftp base URL: %v, want ErrConfig", err)
	}
	e, err := NewOpenAISpeech(OpenAISpeechConfig{APIKey: "k"})
	if err != nil || e.Name() != "openai/tts-1/alloy" {
		t.Errorf("defaults: %v, %v", e, err)
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func crossings(pcm []int16) float64 {
	n := 0
	for i := 1; i < len(pcm); i++ {
		if (pcm[i] >= 0) != (pcm[i-1] >= 0) {
			n++
		}
	}
	return float64(n)
}
