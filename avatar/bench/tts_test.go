package bench

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/avatar/tts"
)

// firstAudioLine is a 20-character script line. The presenter synthesizes
// a line clause by clause and starts playing the first while the rest are
// made, so the line's first audio waits on its first clause alone.
const firstAudioLine = "欢迎来到直播间，今天的福利一波又一波哦。"

// processCPU is the processor time of this process and its reaped children
// (the espeak-ng runs).
func processCPU(b *testing.B) time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			b.Fatal(err)
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

// benchSynthesize times espeak-ng on text: ns/op is the wait for its
// audio, cpu-ns/op what it costs the machine (espeak-ng and resampling).
func benchSynthesize(b *testing.B, text string) {
	engine, err := tts.NewEspeak(tts.EspeakConfig{})
	if err != nil {
		b.Skipf("cannot run: %v", err)
	}
	var audio time.Duration
	start := processCPU(b)
	for b.Loop() {
		s, err := engine.Synthesize(context.Background(), tts.Request{Text: text, Lang: "zh"})
		if err != nil {
			b.Fatal(err)
		}
		audio = s.Duration()
	}
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(audio.Seconds(), "audio-s")
}

// BenchmarkTTSFirstAudio is the time to first audio of a 20-character line:
// the synthesis of its first clause.
func BenchmarkTTSFirstAudio(b *testing.B) {
	if n := utf8.RuneCountInString(firstAudioLine); n != 20 {
		b.Fatalf("line has %d characters, want 20", n)
	}
	first, _, _ := strings.Cut(firstAudioLine, "，")
	benchSynthesize(b, first+"，")
}

// BenchmarkTTSLine synthesizes the whole 20-character line in one run.
func BenchmarkTTSLine(b *testing.B) { benchSynthesize(b, firstAudioLine) }
