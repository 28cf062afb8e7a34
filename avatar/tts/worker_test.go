package tts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestMain opts this test binary in as its own speech worker, as zhubo's main does.
func TestMain(m *testing.M) {
	if code, served := ServeIfWorker(); served {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// newWorkerEspeak returns an engine on a pool of its own, closed with the test.
func newWorkerEspeak(t *testing.T, cfg EspeakConfig) (*Espeak, *workerPool) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool := newWorkerPool(exe, 1)
	t.Cleanup(pool.close)
	e := newTestEspeak(t, cfg)
	e.workers = pool
	return e, pool
}

// newProgramEspeak returns an engine that runs espeak-ng per request.
func newProgramEspeak(t *testing.T) *Espeak {
	t.Helper()
	e := newTestEspeak(t, EspeakConfig{})
	e.workers = nil
	return e
}

func TestWorkerMatchesProgram(t *testing.T) {
	worker, _ := newWorkerEspeak(t, EspeakConfig{})
	program := newProgramEspeak(t)
	for _, req := range []Request{
		{Text: "欢迎来到直播间，今天这款精华只要¥199", Lang: "zh"},
		{Text: "宝宝们点点关注不迷路", Lang: "zh", Speed: 1.3, Pitch: 1.2},
		{Text: "Welcome to the live room.", Lang: "en"},
	} {
		t.Run(req.Lang+"/"+req.Text, func(t *testing.T) {
			want, err := program.Synthesize(context.Background(), req)
			if err != nil {
				t.Fatalf("program: %v", err)
			}
			got, err := worker.Synthesize(context.Background(), req)
			if err != nil {
				t.Fatalf("worker: %v", err)
			}
			if got.SampleRate != SampleRate {
				t.Errorf("SampleRate = %d, want %d", got.SampleRate, SampleRate)
			}
			ratio := float64(got.Duration()) / float64(want.Duration())
			if ratio < 0.85 || ratio > 1.15 {
				t.Errorf("worker speaks %v, program %v: want within 15%%",
					got.Duration(), want.Duration())
			}
			if r := rms(got.PCM); r < 300 {
				t.Errorf("worker RMS = %.0f, want speech (>= 300)", r)
			}
		})
	}
}

// longLine takes the worker long enough to speak that a signal sent as soon
// as the request is written arrives before the reply.
const longLine = "欢迎来到直播间，今天给大家带来的这款精华液，" +
	"一瓶三十毫升，原价三百九十九元，今天直播间只要一百九十九元，还送两片面膜，" +
	"库存只有五百份，卖完就没有了，宝宝们抓紧时间下单，点点关注不迷路。"

// signalOnSend makes pool send sig to its worker once the next request is written.
func signalOnSend(t *testing.T, pool *workerPool, sig syscall.Signal) {
	t.Helper()
	pool.sent = func(pid int) {
		pool.sent = nil
		if err := syscall.Kill(pid, sig); err != nil {
			t.Errorf("kill %d: %v", pid, err)
		}
	}
}

func TestWorkerKilledMidRequest(t *testing.T) {
	e, pool := newWorkerEspeak(t, EspeakConfig{})
	ctx := context.Background()
	if _, err := e.Synthesize(ctx, Request{Text: "你好", Lang: "zh"}); err != nil {
		t.Fatalf("warm-up: %v", err)
	}
	signalOnSend(t, pool, syscall.SIGKILL)
	_, err := e.Synthesize(ctx, Request{Text: longLine, Lang: "zh"})
	if !errors.Is(err, ErrWorker) {
		t.Fatalf("killed worker: err = %v, want ErrWorker", err)
	}
	sp, err := e.Synthesize(ctx, Request{Text: "点点关注不迷路", Lang: "zh"})
	if err != nil || rms(sp.PCM) < 300 {
		t.Fatalf("after the kill: err = %v, RMS %.0f; want speech", err, rms(sp.PCM))
	}
}

func TestWorkerStoppedTimesOut(t *testing.T) {
	impatient, pool := newWorkerEspeak(t, EspeakConfig{Timeout: 500 * time.Millisecond})
	patient := newTestEspeak(t, EspeakConfig{})
	patient.workers = pool
	ctx := context.Background()
	if _, err := patient.Synthesize(ctx, Request{Text: "你好", Lang: "zh"}); err != nil {
		t.Fatalf("warm-up: %v", err)
	}
	signalOnSend(t, pool, syscall.SIGSTOP)
	_, err := impatient.Synthesize(ctx, Request{Text: longLine, Lang: "zh"})
	if !errors.Is(err, ErrWorker) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("stopped worker: err = %v, want ErrWorker and DeadlineExceeded", err)
	}
	sp, err := patient.Synthesize(ctx, Request{Text: "Thank you for watching.", Lang: "en"})
	if err != nil || rms(sp.PCM) < 300 {
		t.Fatalf("after the timeout: err = %v, RMS %.0f; want speech", err, rms(sp.PCM))
	}
}

func TestWorkerDiedWhileIdle(t *testing.T) {
	e, pool := newWorkerEspeak(t, EspeakConfig{})
	ctx := context.Background()
	if _, err := e.Synthesize(ctx, Request{Text: "你好", Lang: "zh"}); err != nil {
		t.Fatalf("warm-up: %v", err)
	}
	s := <-pool.slots
	w := s.proc
	pool.slots <- s
	if err := w.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("killed worker not reaped")
	}
	if _, err := e.Synthesize(ctx, Request{Text: "再见", Lang: "zh"}); err != nil {
		t.Fatalf("after an idle death: %v", err)
	}
}

func TestWorkerCancel(t *testing.T) {
	e, _ := newWorkerEspeak(t, EspeakConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Synthesize(ctx, Request{Text: "你好", Lang: "zh"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestWorkerSkippedMidRequest(t *testing.T) {
	e, pool := newWorkerEspeak(t, EspeakConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool.sent = func(int) { pool.sent = nil; cancel() }
	_, err := e.Synthesize(ctx, Request{Text: longLine, Lang: "zh"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("skipped line: err = %v, want context.Canceled", err)
	}
	if _, err := e.Synthesize(context.Background(), Request{Text: "你好", Lang: "zh"}); err != nil {
		t.Fatalf("after the skip: %v", err)
	}
}

// noLibraryWorker writes a stand-in worker that greets with the error a
// worker sends when libespeak-ng cannot load.
func noLibraryWorker(t *testing.T) string {
	t.Helper()
	msg := "tts: libespeak-ng.so.1 unavailable: not here"
	frame := string(synthReply{Err: msg}.marshal())
	script := "#!/bin/sh\nprintf '\\" + octal(len(frame)) + "\\000\\000\\000%s' '" + frame + "'\n"
	path := filepath.Join(t.TempDir(), "worker-no-library")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func octal(n int) string {
	return string([]byte{'0' + byte(n>>6&7), '0' + byte(n>>3&7), '0' + byte(n&7)})
}

func TestWorkerFallbacks(t *testing.T) {
	if sharedWorkers.Load() == nil {
		t.Fatal("ServeIfWorker in TestMain did not enable the worker")
	}
	if e := newTestEspeak(t, EspeakConfig{}); e.workers == nil {
		t.Error("default binary: engine does not use the worker")
	}
	if e := newTestEspeak(t, EspeakConfig{Binary: hangingBinary(t)}); e.workers != nil {
		t.Error("stand-in binary: engine uses the worker, want espeak-ng per request")
	}

	e := newTestEspeak(t, EspeakConfig{})
	e.workers = newWorkerPool(noLibraryWorker(t), 1)
	t.Cleanup(e.workers.close)
	for i := range 2 {
		sp, err := e.Synthesize(context.Background(), Request{Text: "你好", Lang: "zh"})
		if err != nil || rms(sp.PCM) < 300 {
			t.Fatalf("request %d without libespeak-ng: err = %v, RMS %.0f; want speech "+
				"from espeak-ng", i, err, rms(sp.PCM))
		}
	}
	if err := e.workers.unavailableErr(); !errors.Is(err, ErrNoLibrary) {
		t.Errorf("pool unavailable = %v, want ErrNoLibrary", err)
	}

	crashing := filepath.Join(t.TempDir(), "worker-crash")
	if err := os.WriteFile(crashing, []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, exe := range map[string]string{
		"cannot start":          filepath.Join(t.TempDir(), "gone"),
		"exits before greeting": crashing,
	} {
		e.workers = newWorkerPool(exe, 1)
		sp, err := e.Synthesize(context.Background(), Request{Text: "你好", Lang: "zh"})
		if err != nil || rms(sp.PCM) < 300 {
			t.Errorf("worker %s: err = %v, RMS %.0f; want speech from espeak-ng",
				name, err, rms(sp.PCM))
		}
		if err := e.workers.unavailableErr(); !errors.Is(err, ErrNoWorker) {
			t.Errorf("worker %s: pool unavailable = %v, want ErrNoWorker", name, err)
		}
	}
}

func TestWorkerPoolCloseLeavesNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEspeak(t, EspeakConfig{})
	e.workers = newWorkerPool(exe, 2)
	if _, err := e.Synthesize(context.Background(), Request{Text: "你好", Lang: "zh"}); err != nil {
		t.Fatal(err)
	}
	var pid int
	e.workers.mu.Lock()
	for w := range e.workers.live {
		pid = w.cmd.Process.Pid
	}
	e.workers.mu.Unlock()
	e.workers.close()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("worker %d after close: kill(0) = %v, want ESRCH (exited and reaped)", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after close, %d before", n, before)
	}
}
