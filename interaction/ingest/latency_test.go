package ingest

import (
	"bytes"
	"context"
	"flag"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/intent"
)

// latencyRun is how long BenchmarkEventToIntentLatency measures: at 10,000
// Events a second, the default 10 s puts a thousand Events beyond the p99.
var latencyRun = flag.Duration("latency-run", 10*time.Second,
	"how long BenchmarkEventToIntentLatency measures, after a second of warm-up")

// latencyWarmup is published at the same rate before the measured run, and not
// measured: it grows the connections' buffers and the rooms' maps.
const latencyWarmup = time.Second

// BenchmarkEventToIntentLatency publishes comments at 10,000 a second on an
// embedded nats-server and reports how long each took from its publication until
// its Intent, the signal the script reads, reached a subscriber: p50, p90, p99,
// p99.9 and max in milliseconds over -latency-run.
//
// "ingest" times a running Ingest. "bus" times the same traffic through an echo
// that answers each Event at once with a bare Intent: the floor that NATS and the
// machine set, whatever Ingest does. The gap between the two is Ingest's part.
// cpu-ms/s is the CPU time the whole process (server, publisher, responder and
// subscriber) spent per second of the run: next to the machine's load, it tells
// a slow design from a starved one.
func BenchmarkEventToIntentLatency(b *testing.B) {
	rows, err := intent.LoadLabelled("../intent/testdata/labelled.tsv")
	if err != nil {
		b.Fatal(err)
	}
	responders := []struct {
		name  string
		start func(*testing.B, *nats.Conn) func() uint64
	}{
		{"ingest", startIngest},
		{"bus", startEcho},
	}
	for _, r := range responders {
		b.Run(r.name, func(b *testing.B) {
			for range b.N {
				reportLatency(b, measureLatency(b, rows, *latencyRun, r.start))
			}
		})
	}
}

// reportLatency reports the quantiles of a run.
func reportLatency(b *testing.B, r latencyResult) {
	if len(r.lat) == 0 {
		b.Fatal("no Intent arrived")
	}
	slices.Sort(r.lat)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(r.lat)))) - 1
		return float64(r.lat[max(i, 0)]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.9), "p90-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(at(0.999), "p99.9-ms")
	b.ReportMetric(at(1), "max-ms")
	b.ReportMetric(float64(len(r.lat))/r.run.Seconds(), "intents/s")
	b.ReportMetric(float64(r.cpu.Milliseconds())/r.run.Seconds(), "cpu-ms/s")
	b.ReportMetric(float64(r.dropped), "dropped")
}

// startIngest runs an Ingest of room "demo" on nc until the benchmark ends, and
// returns how many Events its subscription dropped.
func startIngest(b *testing.B, nc *nats.Conn) func() uint64 {
	in, err := New(Config{Conn: nc, Rooms: []string{"demo"}, Classifier: testClassifier(b),
		UserRate: -1})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		<-done
	})
	<-in.Ready()
	return func() uint64 { return in.Stats().Dropped }
}

// startEcho answers every Event of room "demo" on nc with an Intent that holds
// only its Event id, and returns how many Events its subscription dropped.
func startEcho(b *testing.B, nc *nats.Conn) func() uint64 {
	const key = `"id":"`
	sub, err := nc.Subscribe(bus.EventsSubject("demo"), func(m *nats.Msg) {
		i := bytes.Index(m.Data, []byte(key))
		if i < 0 {
			return
		}
		id := m.Data[i+len(key):]
		id = id[:max(bytes.IndexByte(id, '"'), 0)]
		out := append(append([]byte(`{"v":1,"event":"`), id...), `"}`...)
		if err := nc.Publish(bus.IntentsSubject("demo"), out); err != nil {
			b.Error(err)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sub.Unsubscribe() })
	return func() uint64 {
		n, _ := sub.Dropped()
		return uint64(n)
	}
}

// latencyResult is what one timed run measured.
type latencyResult struct {
	lat     []time.Duration // one per measured Intent, in arrival order
	run     time.Duration   // from the first to the last measured publication
	cpu     time.Duration   // process CPU time over run
	dropped uint64          // Events the Ingest's subscription dropped
}

// measureLatency starts a responder on an embedded nats-server, publishes for a
// warm-up and then for run, and returns the latency of every Intent of an Event
// published after the warm-up.
func measureLatency(b *testing.B, rows []intent.Labelled, run time.Duration,
	start func(*testing.B, *nats.Conn) func() uint64) latencyResult {
	nc := startNATS(b)
	dropped := start(b, nc)
	sink := newLatencySink(b, connectB(b, nc.ConnectedUrl()))
	defer sink.sub.Unsubscribe()
	pub := connectB(b, nc.ConnectedUrl())
	warm := publishAtRate(b, pub, rows, latencyWarmup)
	measureFrom := time.Now()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	sent := publishAtRate(b, pub, rows, run)
	r := latencyResult{run: time.Since(measureFrom), cpu: cpuTime(b) - cpu0}
	r.lat = sink.wait(b, warm+sent, measureFrom)
	r.dropped = dropped()
	return r
}

// latencySink subscribes to the room's Intents and times each per-comment one.
type latencySink struct {
	sub *nats.Subscription
	mu  sync.Mutex
	// arrived lists per Intent its Event's publication and its arrival,
	// guarded by mu.
	arrived [][2]time.Time
}

// newLatencySink subscribes on nc. It reads only the Event id, in which the
// publisher wrote the publication time, so that timing costs the process
// little next to what it times.
func newLatencySink(b *testing.B, nc *nats.Conn) *latencySink {
	s := &latencySink{}
	sub, err := nc.Subscribe(bus.IntentsSubject("demo"), func(m *nats.Msg) {
		got := time.Now()
		sent, ok := sentAt(m.Data)
		if !ok {
			return
		}
		s.mu.Lock()
		s.arrived = append(s.arrived, [2]time.Time{sent, got})
		s.mu.Unlock()
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		b.Fatal(err)
	}
	s.sub = sub
	return s
}

// sentAt reads the publication time from a per-comment Intent's Event id
// ("e-<unix ns>"); merged Intents, which carry a count, are not timed.
func sentAt(data []byte) (time.Time, bool) {
	const key = `"event":"e-`
	i := bytes.Index(data, []byte(key))
	if i < 0 || bytes.Contains(data, []byte(`"count":`)) {
		return time.Time{}, false
	}
	rest := data[i+len(key):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return time.Time{}, false
	}
	ns, err := strconv.ParseInt(string(rest[:end]), 10, 64)
	return time.Unix(0, ns), err == nil
}

// wait polls until n Intents have arrived, or waitFor passes, and returns
// the latencies of those of Events published from from on.
func (s *latencySink) wait(b *testing.B, n int, from time.Time) []time.Duration {
	deadline := time.After(waitFor)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for waiting := true; waiting; {
		select {
		case <-poll.C:
			s.mu.Lock()
			waiting = len(s.arrived) < n
			s.mu.Unlock()
		case <-deadline:
			waiting = false
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.arrived) < n {
		b.Logf("%d of %d Intents arrived", len(s.arrived), n)
	}
	lat := make([]time.Duration, 0, len(s.arrived))
	for _, a := range s.arrived {
		if !a[0].Before(from) {
			lat = append(lat, a[1].Sub(a[0]))
		}
	}
	return lat
}

// publishAtRate publishes comments at benchRate for run, each with its
// publication time in its id, and returns how many it published.
func publishAtRate(b *testing.B, nc *nats.Conn, rows []intent.Labelled,
	run time.Duration) int {
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	n := 0
	for {
		elapsed := time.Since(start)
		if elapsed >= run {
			return n
		}
		for due := int(elapsed.Seconds() * benchRate); n < due; n++ {
			now := time.Now()
			e := bus.Event{V: 1, ID: "e-" + strconv.FormatInt(now.UnixNano(), 10),
				Type: bus.EventComment, Room: "demo", TS: now,
				User: bus.User{ID: "u" + strconv.Itoa(n%benchViewers)},
				Text: rows[n%len(rows)].Text}
			if err := bus.Publish(nc, bus.EventsSubject("demo"), e); err != nil {
				b.Fatal(err)
			}
		}
		<-tick.C
	}
}
