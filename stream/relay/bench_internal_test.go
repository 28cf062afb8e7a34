//go:build unix

package relay

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/zhubo-live/zhubo/stream/relay/relaytest"
)

// BenchmarkFanOut measures sending one 320×240 access unit to N connected pion viewers over
// loopback: ns/op runs until every viewer's sender has written the unit (per-viewer sequence
// numbering, SRTP, one UDP send per packet), write-ns/op is what WriteVideo itself costs the
// encoder, cpu-us/op the process's CPU time. The viewers run in the same process, so their
// receiving counts too; and wall time includes waking idle CPUs, which on a VM can dwarf the
// work, so cpu-us/op is the number to compare.
func BenchmarkFanOut(b *testing.B) {
	frames := encodeFrames(b, 50)
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("viewers=%d", n), func(b *testing.B) {
			room := benchRoom(b, n)
			var writeTime time.Duration
			b.ReportAllocs()
			i := 0
			cpu0 := cpuTime(b)
			for b.Loop() {
				f := frames[i%len(frames)]
				i++
				start := time.Now()
				err := room.WriteVideo(media.Sample{Data: f, Duration: relaytest.FrameDuration})
				writeTime += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				waitDrained(room)
			}
			cpu := cpuTime(b) - cpu0
			b.ReportMetric(float64(cpu.Microseconds())/float64(i), "cpu-us/op")
			b.ReportMetric(float64(writeTime.Nanoseconds())/float64(i), "write-ns/op")
			b.ReportMetric(float64(room.Stats().Dropped)/float64(i), "drops/op")
		})
	}
}

// benchRoom makes a room with n connected viewers. The viewers' API has no interceptors, so
// that as much of the CPU time as possible is the relay's.
func benchRoom(b *testing.B, n int) *Room {
	api, err := NewAPI(NetConfig{IncludeLoopback: true})
	if err != nil {
		b.Fatal(err)
	}
	clientAPI, err := relaytest.NewClientAPI(relaytest.ClientConfig{})
	if err != nil {
		b.Fatal(err)
	}
	room, err := NewRoom("bench", Config{API: api, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = room.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for range n {
		v, err := relaytest.NewViewer(clientAPI)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = v.Close() })
		offer, err := v.Offer(ctx)
		if err != nil {
			b.Fatal(err)
		}
		answer, _, err := room.AddViewer(ctx, offer)
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Answer(answer); err != nil {
			b.Fatal(err)
		}
	}
	for room.Stats().Connected < n {
		if ctx.Err() != nil {
			b.Fatalf("%d of %d viewers connected", room.Stats().Connected, n)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
	return room
}

// waitDrained spins until every viewer's sender has taken its queued samples.
func waitDrained(r *Room) {
	for _, v := range *r.live.Load() {
		for len(v.queue) > 0 {
			runtime.Gosched()
		}
	}
}

// encodeFrames encodes n frames of the test picture, the first an IDR.
func encodeFrames(b *testing.B, n int) [][]byte {
	enc, err := relaytest.NewEncoder(320, 240, uint(n))
	if err != nil {
		b.Fatal(err)
	}
	defer enc.Close()
	frames := make([][]byte, n)
	for i := range frames {
		data, release, err := enc.Read()
		if err != nil {
			b.Fatal(err)
		}
		frames[i] = append([]byte(nil), data...)
		release()
	}
	return frames
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
