package tts

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newTestEspeak(t *testing.T, cfg EspeakConfig) *Espeak {
	t.Helper()
	e, err := NewEspeak(cfg)
	if err != nil {
		t.Fatalf("NewEspeak: %v", err)
	}
	return e
}

func rms(pcm []int16) float64 {
	sum := 0.0
	for _, s := range pcm {
		sum += float64(s) * float64(s)
	}
	return math.Sqrt(sum / float64(max(1, len(pcm))))
}

func TestEspeakRoundTrip(t *testing.T) {
	e := newTestEspeak(t, EspeakConfig{})
	tests := []struct {
		name     string
		req      Request
		min, max time.Duration
	}{
		{"mandarin", Request{Text: "欢迎来到直播间，今天这款精华只要¥199", Lang: "zh"},
			2 * time.Second, 12 * time.Second},
		{"english", Request{Text: "Welcome to the live room.", Lang: "en"},
			800 * time.Millisecond, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp, err := e.Synthesize(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("Synthesize: %v", err)
			}
			if sp.SampleRate != 48000 {
				t.Errorf("SampleRate = %d, want 48000", sp.SampleRate)
			}
			if d := sp.Duration(); d < tt.min || d > tt.max {
				t.Errorf("Duration = %v, want within [%v, %v]", d, tt.min, tt.max)
			}
			if r := rms(sp.PCM); r < 300 {
				t.Errorf("RMS = %.0f, want speech (>= 300)", r)
			}
		})
	}
}

func TestEspeakSpeedShortens(t *testing.T) {
	e := newTestEspeak(t, EspeakConfig{})
	req := Request{Text: "宝宝们点点关注不迷路", Lang: "zh"}
	normal, err := e.Synthesize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	req.Speed = 1.6
	fast, err := e.Synthesize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Duration() >= normal.Duration()*9/10 {
		t.Errorf("speed 1.6 lasts %v, normal %v: want clearly shorter",
			fast.Duration(), normal.Duration())
	}
}

func TestEspeakErrors(t *testing.T) {
	e := newTestEspeak(t, EspeakConfig{})
	ctx := context.Background()
	if _, err := e.Synthesize(ctx, Request{Text: "  ", Lang: "zh"}); !errors.Is(err, ErrEmptyText) {
		t.Errorf("empty text: err = %v, want ErrEmptyText", err)
	}
	_, err := e.Synthesize(ctx, Request{Text: "hi", Lang: "fr"})
	if !errors.Is(err, ErrUnknownLang) {
		t.Errorf("lang fr: err = %v, want ErrUnknownLang", err)
	}
	_, err = NewEspeak(EspeakConfig{Binary: "espeak-ng-does-not-exist"})
	if !errors.Is(err, ErrNoEspeak) {
		t.Fatalf("missing binary: err = %v, want ErrNoEspeak", err)
	}
	if want := "apt-get install espeak-ng"; !strings.Contains(err.Error(), want) {
		t.Errorf("missing binary: err %q does not say %q", err, want)
	}
}

// hangingBinary writes a stand-in for espeak-ng that never exits.
func hangingBinary(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "espeak-hang")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEspeakCancel(t *testing.T) {
	e := newTestEspeak(t, EspeakConfig{Binary: hangingBinary(t)})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Synthesize(ctx, Request{Text: "你好", Lang: "zh"})
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Synthesize did not return after cancel")
	}
}

func TestEspeakTimeout(t *testing.T) {
	e := newTestEspeak(t, EspeakConfig{Binary: hangingBinary(t), Timeout: 100 * time.Millisecond})
	_, err := e.Synthesize(context.Background(), Request{Text: "你好", Lang: "zh"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}
