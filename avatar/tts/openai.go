package tts

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults of OpenAISpeechConfig.
const (
	DefaultOpenAIBaseURL       = "https://api.openai.com/v1"
	DefaultOpenAISpeechModel   = "tts-1"
	DefaultOpenAISpeechVoice   = "alloy"
	DefaultOpenAISpeechTimeout = 30 * time.Second
)

// openAIPCMRate is the rate of the "pcm" response format: raw 16-bit
// little-endian mono samples at 24 kHz, per the audio/speech API reference.
const openAIPCMRate = 24000

// maxSpeechBytes bounds a speech response, about five minutes of 24 kHz PCM.
const maxSpeechBytes = 16 << 20

// The speaking-rate range the speech API accepts.
const (
	minOpenAISpeed = 0.25
	maxOpenAISpeed = 4.0
)

// OpenAISpeechConfig configures an engine that calls an OpenAI-compatible
// /audio/speech endpoint. The zero value, with an APIKey, speaks through
// OpenAI with the defaults.
type OpenAISpeechConfig struct {
	// BaseURL is the API root, the part before /audio/speech; default
	// https://api.openai.com/v1.
	BaseURL string
	// Model is the speech model; default tts-1.
	Model string
	// Voice is the voice name; default alloy.
	Voice string
	// APIKey is sent as a bearer token; empty sends none, for local servers.
	APIKey string
	// Timeout bounds one request, the whole response included; default 30 s.
	Timeout time.Duration
}

// OpenAISpeech is an Engine backed by an OpenAI-compatible speech API. It
// asks for raw PCM and resamples it to 48 kHz. The voice's pitch is fixed:
// Request.Pitch is ignored.
type OpenAISpeech struct {
	client *openai.Client
	cfg    OpenAISpeechConfig
}

// NewOpenAISpeech checks cfg and returns an engine; it makes no request.
func NewOpenAISpeech(cfg OpenAISpeechConfig) (*OpenAISpeech, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultOpenAIBaseURL
	}
	if cfg.Model == "" {
		cfg.Model = DefaultOpenAISpeechModel
	}
	if cfg.Voice == "" {
		cfg.Voice = DefaultOpenAISpeechVoice
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultOpenAISpeechTimeout
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: speech base URL %q: want http(s)://host/…",
			ErrConfig, cfg.BaseURL)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	oc.HTTPClient = &http.Client{Timeout: cfg.Timeout}
	return &OpenAISpeech{client: openai.NewClientWithConfig(oc), cfg: cfg}, nil
}

// Name identifies the engine, its model and voice.
func (o *OpenAISpeech) Name() string { return "openai/" + o.cfg.Model + "/" + o.cfg.Voice }

// Synthesize requests the line as PCM and returns it at 48 kHz. An HTTP or
// API error, a timeout or a malformed body is an error.
func (o *OpenAISpeech) Synthesize(ctx context.Context, req Request) (Speech, error) {
	text := strings.Join(strings.Fields(req.Text), " ")
	switch {
	case req.Lang != "" && req.Lang != "zh" && req.Lang != "en":
		return Speech{}, fmt.Errorf("%w %q", ErrUnknownLang, req.Lang)
	case text == "":
		return Speech{}, ErrEmptyText
	}
	ctx, cancel := context.WithTimeout(ctx, o.cfg.Timeout)
	defer cancel()
	resp, err := o.client.CreateSpeech(ctx, openai.CreateSpeechRequest{
		Model:          openai.SpeechModel(o.cfg.Model),
		Input:          text,
		Voice:          openai.SpeechVoice(o.cfg.Voice),
		ResponseFormat: openai.SpeechResponseFormatPcm,
		Speed:          speechSpeed(req.Speed),
	})
	if err != nil {
		return Speech{}, fmt.Errorf("%s: %w", o.Name(), err)
	}
	defer resp.Close()
	body, err := io.ReadAll(io.LimitReader(resp, maxSpeechBytes+1))
	if err != nil {
		return Speech{}, fmt.Errorf("%s: read speech: %w", o.Name(), err)
	}
	pcm, rate, err := decodeSpeech(body)
	if err != nil {
		return Speech{}, fmt.Errorf("%s: %w", o.Name(), err)
	}
	return Speech{PCM: Resample(pcm, rate, SampleRate), SampleRate: SampleRate}, nil
}

// decodeSpeech reads a "pcm" response body. Some compatible servers answer
// with a WAV file whatever the format asked for, so a RIFF header is honoured.
func decodeSpeech(body []byte) ([]int16, int, error) {
	switch {
	case len(body) > maxSpeechBytes:
		return nil, 0, fmt.Errorf("%w: response over %d bytes", ErrBadPCM, maxSpeechBytes)
	case bytes.HasPrefix(body, []byte("RIFF")):
		wav, err := parseWAV(body)
		if err != nil {
			return nil, 0, err
		}
		return wav.pcm, wav.sampleRate, nil
	case len(body) == 0:
		return nil, 0, fmt.Errorf("%w: empty response", ErrBadPCM)
	case len(body)%2 != 0:
		return nil, 0, fmt.Errorf("%w: odd length %d", ErrBadPCM, len(body))
	}
	pcm := make([]int16, len(body)/2)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
	}
	return pcm, openAIPCMRate, nil
}

// speechSpeed maps a speaking-rate factor to the API's range; 0 leaves the
// field out, which the API reads as 1.
func speechSpeed(f float64) float64 {
	if f <= 0 {
		return 0
	}
	return min(maxOpenAISpeed, max(minOpenAISpeed, f))
}
