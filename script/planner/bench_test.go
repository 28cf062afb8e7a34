package planner

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/script/phrase"
)

// syntheticLibrary makes a library of n Chinese lines spread over every scene
// and theme, a third of them gated on a season, a time of day or a crowd, so
// a pick has to sift conditions as it does with a large real library.
func syntheticLibrary(tb testing.TB, n int) *phrase.Library {
	tb.Helper()
	var keys [][2]string
	for scene, themes := range phrase.Themes {
		for _, th := range themes {
			keys = append(keys, [2]string{scene, th})
		}
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmpKey(a, b) })
	rng := rand.New(rand.NewPCG(1, 2))
	seasons := []string{"spring", "summer", "autumn", "winter"}
	times := []string{"morning", "afternoon", "evening", "night"}
	ps := make([]phrase.Phrase, 0, n)
	for i := range n {
		k := keys[i%len(keys)]
		p := phrase.Phrase{ID: fmt.Sprintf("synthetic:%d", i), Lang: "zh", Scene: k[0],
			Theme: k[1], Weight: 1 + float64(rng.IntN(3)), Cooldown: 15 * time.Minute,
			Text: fmt.Sprintf("{brand}的第%d句，说说{product}，{price}", i)}
		switch rng.IntN(6) {
		case 0:
			p.When.Season = []string{seasons[rng.IntN(4)]}
		case 1:
			p.When.TimeOfDay = []string{times[rng.IntN(4)]}
		case 2:
			p.When.MinViewers = 100 * rng.IntN(5)
		}
		ps = append(ps, p)
	}
	lib, err := phrase.NewLibrary(ps)
	if err != nil {
		tb.Fatal(err)
	}
	return lib
}

func cmpKey(a, b [2]string) int {
	if a[0] != b[0] {
		return cmpString(a[0], b[0])
	}
	return cmpString(a[1], b[1])
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// BenchmarkNextLine5000 times the next-line decision (Planner.Next) over a
// 5,000-line library and reports the p50 and p99 of single calls, on the wall
// clock and in the thread's CPU time, which other processes cannot inflate.
func BenchmarkNextLine5000(b *testing.B) {
	s, _ := loadDemo(b)
	p, err := New(s, syntheticLibrary(b, 5000), Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	p.Signal(Signal{Kind: SignalViewers, Count: 300})
	durations := make([]time.Duration, 0, b.N)
	cpuTimes := make([]time.Duration, 0, b.N)
	at := t0
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU(b)
	for range b.N {
		startCPU := threadCPU(b)
		start := time.Now()
		line, ok := p.Next(at)
		durations = append(durations, time.Since(start))
		cpuTimes = append(cpuTimes, threadCPU(b)-startCPU)
		if !ok {
			b.Fatal("nothing to say")
		}
		at = at.Add(line.EstDuration + s.Schedule.Gap)
	}
	b.StopTimer()
	reportCPU(b, cpu)
	reportPercentiles(b, durations, "")
	reportPercentiles(b, cpuTimes, "-cpu")
}

// reportCPU reports the process CPU time per operation since since.
func reportCPU(b *testing.B, since time.Duration) {
	used := processCPU(b) - since
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkUpcoming5 times a console's "next planned lines" over the demo library.
func BenchmarkUpcoming5(b *testing.B) {
	p := newDemo(b, 1)
	p.Next(t0)
	b.ReportAllocs()
	for b.Loop() {
		if len(p.Upcoming(5)) != 5 {
			b.Fatal("Upcoming(5) fell short")
		}
	}
}

// reportPercentiles reports the p50 and p99 of durations as p50<suffix>-ns
// and p99<suffix>-ns.
func reportPercentiles(b *testing.B, durations []time.Duration, suffix string) {
	slices.Sort(durations)
	at := func(q float64) float64 {
		return float64(durations[int(q*float64(len(durations)-1))].Nanoseconds())
	}
	b.ReportMetric(at(0.50), "p50"+suffix+"-ns")
	b.ReportMetric(at(0.99), "p99"+suffix+"-ns")
}

// BenchmarkPlan24h plans a whole day of the demo show.
func BenchmarkPlan24h(b *testing.B) {
	s, lib := loadDemo(b)
	b.ReportAllocs()
	cpu := processCPU(b)
	for b.Loop() {
		entries, err := Plan(s, lib, PlanConfig{Minutes: 24 * 60, Seed: 1})
		if err != nil || len(entries) == 0 {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
