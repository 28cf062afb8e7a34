package tts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Defaults of EspeakConfig.
const (
	DefaultEspeakBinary  = "espeak-ng"
	DefaultZhVoice       = "cmn-latn-pinyin"
	DefaultEnVoice       = "en-us"
	DefaultEspeakTimeout = 2 * time.Second
)

// espeak-ng's own defaults, which Speed and Pitch 1 map to; a persona's
// words per minute and pitch are scaled against them.
const (
	EspeakWPM   = 175
	EspeakPitch = 50
)

// EspeakConfig configures the espeak-ng engine. The zero value uses the defaults.
type EspeakConfig struct {
	// Binary is the program to run, looked up on PATH; default "espeak-ng".
	Binary string
	// ZhVoice and EnVoice are the voices for "zh" and "en". The default
	// Mandarin voice is cmn-latn-pinyin: the plain cmn voice misreads characters.
	ZhVoice, EnVoice string
	// Timeout bounds one synthesis; default 2 s. A clause is one breath,
	// synthesised in tens of milliseconds, so a longer wait is a hung
	// engine, and every second of it is silence on air. A speech worker
	// that overruns it is killed (its start does not count against it).
	Timeout time.Duration
}

// Espeak is an Engine that speaks with espeak-ng: through the process's
// shared speech workers when the executable enabled them (ServeIfWorker)
// and the config names the default program, otherwise by running the
// espeak-ng program once per request.
type Espeak struct {
	path string
	cfg  EspeakConfig
	// workers is the shared worker pool, nil to run espeak-ng per request.
	workers *workerPool
}

// NewEspeak finds the espeak-ng binary and returns an engine that runs it.
// A missing binary yields an error matching ErrNoEspeak.
func NewEspeak(cfg EspeakConfig) (*Espeak, error) {
	if cfg.Binary == "" {
		cfg.Binary = DefaultEspeakBinary
	}
	if cfg.ZhVoice == "" {
		cfg.ZhVoice = DefaultZhVoice
	}
	if cfg.EnVoice == "" {
		cfg.EnVoice = DefaultEnVoice
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultEspeakTimeout
	}
	path, err := exec.LookPath(cfg.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w (looked for %q: %v)", ErrNoEspeak, cfg.Binary, err)
	}
	e := &Espeak{path: path, cfg: cfg}
	if cfg.Binary == DefaultEspeakBinary {
		e.workers = sharedWorkers.Load()
	}
	return e, nil
}

// Name identifies the engine and its Mandarin voice.
func (e *Espeak) Name() string { return "espeak-ng/" + e.cfg.ZhVoice }

// Synthesize speaks req at 48 kHz. Mandarin text is normalised first so
// that prices and quantities are read as words.
func (e *Espeak) Synthesize(ctx context.Context, req Request) (Speech, error) {
	voice, text, err := e.prepare(req)
	if err != nil {
		return Speech{}, err
	}
	sr := synthRequest{Voice: voice, Text: text,
		Rate:  scaled(EspeakWPM, req.Speed, 80, 450),
		Pitch: scaled(EspeakPitch, req.Pitch, 0, 99)}
	if e.workers != nil {
		reply, err := e.workers.synth(ctx, sr, e.cfg.Timeout)
		if err == nil {
			pcm := Resample(reply.PCM, reply.SampleRate, SampleRate)
			return Speech{PCM: pcm, SampleRate: SampleRate}, nil
		}
		if !errors.Is(err, ErrNoWorker) {
			return Speech{}, fmt.Errorf("espeak-ng %s: %w", voice, err)
		}
	}
	return e.runProgram(ctx, sr)
}

// runProgram runs espeak-ng with the text on its standard input, reads the
// WAV it writes and resamples it to 48 kHz.
func (e *Espeak) runProgram(ctx context.Context, sr synthRequest) (Speech, error) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	voice := sr.Voice
	cmd := exec.CommandContext(ctx, e.path, "--stdout", "-b", "1", "-v", voice,
		"-s", strconv.Itoa(sr.Rate), "-p", strconv.Itoa(sr.Pitch))
	cmd.Stdin = strings.NewReader(sr.Text)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return Speech{}, fmt.Errorf("espeak-ng %s: %w", voice, ctxErr)
		}
		return Speech{}, fmt.Errorf("espeak-ng %s: %w: %s", voice, err,
			strings.TrimSpace(stderr.String()))
	}
	wav, err := parseWAV(stdout.Bytes())
	if err != nil {
		return Speech{}, fmt.Errorf("espeak-ng %s output: %w", voice, err)
	}
	return Speech{PCM: Resample(wav.pcm, wav.sampleRate, SampleRate), SampleRate: SampleRate}, nil
}

// prepare picks the voice for req and the text to send it.
func (e *Espeak) prepare(req Request) (voice, text string, err error) {
	text = strings.Join(strings.Fields(req.Text), " ")
	switch req.Lang {
	case "", "zh":
		voice, text = e.cfg.ZhVoice, NormalizeZh(text)
	case "en":
		voice = e.cfg.EnVoice
	default:
		return "", "", fmt.Errorf("%w %q", ErrUnknownLang, req.Lang)
	}
	if text == "" {
		return "", "", ErrEmptyText
	}
	return voice, text, nil
}

// scaled multiplies espeak-ng's default value by factor (0 meaning 1) and
// keeps the result within the range espeak-ng accepts.
func scaled(base int, factor float64, lo, hi int) int {
	if factor <= 0 {
		factor = 1
	}
	return min(hi, max(lo, int(float64(base)*factor+0.5)))
}
