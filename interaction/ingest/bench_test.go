package ingest

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/burst"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/intent"
)

// Shape of the benchmarked traffic: 10,000 events a second from 50,000 viewers,
// their comments drawn from the labelled set.
const (
	benchRate    = 10_000
	benchViewers = 50_000
	benchTick    = DefaultTick
)

// benchEvents encodes n comment Events of room "demo", one every 1/benchRate s
// from t0, cycling through the labelled comments, and every tenth a like.
func benchEvents(b *testing.B, n int, t0 time.Time) [][]byte {
	b.Helper()
	rows, err := intent.LoadLabelled("../intent/testdata/labelled.tsv")
	if err != nil {
		b.Fatal(err)
	}
	out := make([][]byte, n)
	for i := range out {
		e := bus.Event{V: 1, ID: "e-" + strconv.Itoa(i), Type: bus.EventComment, Room: "demo",
			TS:   t0.Add(time.Duration(i) * time.Second / benchRate),
			User: bus.User{ID: "u" + strconv.Itoa(i%benchViewers), Name: "viewer"},
			Text: rows[i%len(rows)].Text, Platform: "web"}
		if i%10 == 9 {
			e.Type, e.Text = bus.EventLike, ""
		}
		data, err := bus.Encode(e)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = data
	}
	return out
}

// cpuTime is the CPU time this process has used, all threads (GC included).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerCPUSecond reports n events over the CPU time since start as events
// per CPU second: on a shared machine, wall-clock time says more about the
// neighbours than about the code.
func reportPerCPUSecond(b *testing.B, n int, start time.Duration) {
	if used := cpuTime(b) - start; used > 0 {
		b.ReportMetric(float64(n)/used.Seconds(), "events/cpu-s")
	}
}

// BenchmarkValidateClassifyMerge is the interaction layer's work per Event
// without the bus: decode and validate it, classify a comment, merge it into a
// burst, and close due bursts every tick. It runs on one goroutine: events/cpu-s
// of "all" is the throughput of one core; the other sub-benchmarks time the
// steps alone on the same Events.
func BenchmarkValidateClassifyMerge(b *testing.B) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	events := benchEvents(b, 100_000, t0)
	cls := testClassifier(b)
	decoded := make([]bus.Event, len(events))
	classified := make([]intent.Result, len(events))
	for i, data := range events {
		e, err := bus.DecodeEvent(data)
		if err != nil {
			b.Fatal(err)
		}
		decoded[i], classified[i] = e, cls.Classify(e.Text)
	}
	stages := []struct {
		name                    string
		decode, classify, merge bool
	}{
		{"validate", true, false, false},
		{"classify", false, true, false},
		{"merge", false, false, true},
		{"all", true, true, true},
	}
	for _, st := range stages {
		b.Run(st.name, func(b *testing.B) {
			m := burst.NewMerger(burst.MergerConfig{})
			now, nextTick := t0, t0.Add(benchTick)
			b.ReportAllocs()
			start := cpuTime(b)
			for i := 0; b.Loop(); i++ {
				now = now.Add(time.Second / benchRate)
				e := decoded[i%len(decoded)]
				if st.decode {
					var err error
					if e, err = bus.DecodeEvent(events[i%len(events)]); err != nil {
						b.Fatal(err)
					}
				}
				res := classified[i%len(classified)]
				if st.classify && e.Type == bus.EventComment {
					res = cls.Classify(e.Text)
				}
				if st.merge {
					mergeEvent(m, e, res, now)
					if !now.Before(nextTick) {
						m.Flush(now)
						nextTick = now.Add(benchTick)
					}
				}
			}
			b.StopTimer()
			reportPerCPUSecond(b, b.N, start)
		})
	}
}

// mergeEvent puts a classified comment, a gift, follow or arrival into m.
func mergeEvent(m *burst.Merger, e bus.Event, res intent.Result, now time.Time) {
	switch kind, thanks := burst.EventKind(e.Type); {
	case e.Type == bus.EventComment:
		m.Add(burst.Entry{Event: e.ID, Intent: res.Intent, Confidence: res.Confidence,
			Text: e.Text, User: e.User}, now)
	case thanks:
		m.Add(burst.Entry{Event: e.ID, Intent: kind, User: e.User}, now)
	}
}

// BenchmarkHandle is the whole of one Event through Ingest on a real bus:
// decode, validate, rate limit, count, classify, merge, encode and publish the
// Intent, and the signals, with bursts closed every tick.
func BenchmarkHandle(b *testing.B) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	events := benchEvents(b, 100_000, t0)
	in, clk := benchIngest(b, t0)
	msgs := make([]*nats.Msg, len(events))
	for i, data := range events {
		msgs[i] = &nats.Msg{Subject: bus.EventsSubject("demo"), Data: data}
	}
	nextTick := t0.Add(benchTick)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		clk.Advance(time.Second / benchRate)
		in.handle(msgs[i%len(msgs)])
		if now := clk.Now(); !now.Before(nextTick) {
			in.tick()
			nextTick = now.Add(benchTick)
		}
	}
	b.StopTimer()
	reportPerCPUSecond(b, b.N, start)
	if s := in.Stats(); s.PublishErrors > 0 {
		b.Fatalf("%d publish errors", s.PublishErrors)
	}
}

// BenchmarkBurstMemory sends a burst of 1,000,000 Events through Ingest at
// 10,000 a second of its clock and reports the peak heap in use and the
// process's peak resident set: both must stay bounded however long the burst.
func BenchmarkBurstMemory(b *testing.B) {
	const n = 1_000_000
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	events := benchEvents(b, 10_000, t0)
	for range b.N {
		in, clk := benchIngest(b, t0)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, peak := ms.HeapInuse, ms.HeapInuse
		msg := &nats.Msg{Subject: bus.EventsSubject("demo")}
		nextTick, nextSweep := t0.Add(benchTick), t0.Add(time.Minute)
		for i := range n {
			clk.Advance(time.Second / benchRate)
			msg.Data = events[i%len(events)]
			in.handle(msg)
			now := clk.Now()
			if !now.Before(nextTick) {
				in.tick()
				nextTick = now.Add(benchTick)
			}
			if !now.Before(nextSweep) {
				in.mu.Lock()
				in.users.sweep(now)
				in.mu.Unlock()
				nextSweep = now.Add(time.Minute)
			}
			if i%50_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		b.ReportMetric(float64(peak)/(1<<20), "heap-peak-MB")
		b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "heap-growth-MB")
	}
	if rss, ok := peakRSS(); ok {
		b.ReportMetric(float64(rss)/(1<<20), "rss-peak-MB")
	}
}

// peakRSS reads the process's peak resident set (VmHWM) in bytes, on Linux.
func peakRSS() (uint64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(
				strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// benchIngest is an Ingest of room "demo" on an embedded nats-server, on a
// clock the benchmark moves, for driving its handler directly.
func benchIngest(b *testing.B, t0 time.Time) (*Ingest, *clock) {
	b.Helper()
	clk := &clock{now: t0}
	in, err := New(Config{Conn: startNATS(b), Rooms: []string{"demo"},
		Classifier: testClassifier(b), Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	return in, clk
}

// connectB opens another connection to the server at url.
func connectB(b *testing.B, url string) *nats.Conn {
	b.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	return nc
}
