package tts

import (
	"context"
	"os"
	"testing"
	"time"
)

// line20 is a 20-character Mandarin line, the length of a typical clause.
const line20 = "欢迎来到直播间今天这款精华液只要九十九元"

// BenchmarkEspeakLine compares one espeak-ng process per request with the
// speech worker on a 20-character Mandarin line. ns/op is the time to the
// first audio (an engine returns a line's speech whole); cpu-ms/op counts
// this process, its espeak-ng children and the worker.
func BenchmarkEspeakLine(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, worker := range []bool{false, true} {
		name := map[bool]string{false: "program", true: "worker"}[worker]
		b.Run(name, func(b *testing.B) {
			e, err := NewEspeak(EspeakConfig{})
			if err != nil {
				b.Fatal(err)
			}
			e.workers = nil
			workerCPU := func() time.Duration { return 0 }
			if worker {
				e.workers = newWorkerPool(exe, 1)
				defer e.workers.close()
				workerCPU = e.workers.cpu
			}
			req := Request{Text: line20, Lang: "zh"}
			if _, err := e.Synthesize(context.Background(), req); err != nil {
				b.Fatal(err) // and the worker is running before the clock starts
			}
			start, startWorker := cpuUsed(), workerCPU()
			for b.Loop() {
				if _, err := e.Synthesize(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start, workerCPU()-startWorker, 1e6, "cpu-ms/op")
		})
	}
}
