package tts

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// workerProc is one running speech worker and the pipes to it. Whoever holds
// its slot in the pool is the only one talking to it.
type workerProc struct {
	cmd     *exec.Cmd
	in      *os.File      // the worker's standard input
	out     *bufio.Reader // the worker's protocol output
	outFile *os.File
	stderr  *tailBuffer
	// exited is closed once the process has exited and been reaped.
	exited chan struct{}
}

// startWorkerProc runs exe as a speech worker and waits, until ctx is done,
// for its greeting. A worker that cannot start or load libespeak-ng yields
// an error wrapping ErrNoWorker.
func startWorkerProc(ctx context.Context, exe string) (*workerProc, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("tts worker: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("tts worker: %w", err)
	}
	w := &workerProc{in: inW, out: bufio.NewReaderSize(outR, 1<<16), outFile: outR,
		stderr: &tailBuffer{}, exited: make(chan struct{})}
	w.cmd = exec.Command(exe)
	// Name it for ps and top, where it would otherwise pass for its parent.
	w.cmd.Args = []string{filepath.Base(os.Args[0]) + "-tts-worker"}
	w.cmd.Env = append(os.Environ(), workerEnv+"=1")
	w.cmd.Stdin, w.cmd.Stdout, w.cmd.Stderr = inR, outW, w.stderr
	err = w.cmd.Start()
	inR.Close() // the child holds its own ends now
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, fmt.Errorf("%w: start %s: %w", ErrNoWorker, exe, err)
	}
	go w.reap()
	if err := w.greeted(ctx); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// greeted reads the worker's greeting.
func (w *workerProc) greeted(ctx context.Context) error {
	hello, err := w.exchange(ctx, nil, nil)
	if err != nil {
		return err
	}
	if hello.Err != "" {
		// The worker's message already names the library.
		msg := strings.TrimPrefix(hello.Err, ErrNoLibrary.Error()+": ")
		return fmt.Errorf("%w: %w: %s", ErrNoWorker, ErrNoLibrary, msg)
	}
	if hello.SampleRate <= 0 {
		return fmt.Errorf("%w: greeting without a sample rate", ErrWorkerProtocol)
	}
	return nil
}

// reap waits for the process to exit, so that it leaves no zombie and its
// processor time counts among this process's children.
func (w *workerProc) reap() {
	_ = w.cmd.Wait()
	close(w.exited)
}

// alive reports whether the process has not exited.
func (w *workerProc) alive() bool {
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

// exchange sends req (nothing, for the greeting) and reads the reply; sent,
// if not nil, runs once req is written. When ctx is done first it kills the
// worker and returns ctx's error.
func (w *workerProc) exchange(ctx context.Context, req []byte, sent func(pid int)) (
	synthReply, error) {
	stop := context.AfterFunc(ctx, w.kill)
	defer stop()
	b, err := w.roundTrip(req, sent)
	if err == nil {
		var r synthReply
		if r, err = parseSynthReply(b); err == nil {
			return r, nil
		}
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return synthReply{}, fmt.Errorf("%w: killed it while it spoke: %w", ErrWorker, ctxErr)
	}
	return synthReply{}, w.failure(err)
}

// roundTrip writes req, if any, and reads one frame back.
func (w *workerProc) roundTrip(req []byte, sent func(pid int)) ([]byte, error) {
	if req != nil {
		if err := writeFrame(w.in, req); err != nil {
			return nil, fmt.Errorf("send request: %w", err)
		}
		if sent != nil {
			sent(w.cmd.Process.Pid)
		}
	}
	b, err := readFrame(w.out, maxReplyFrame)
	if err != nil {
		return nil, fmt.Errorf("read reply: %w", err)
	}
	return b, nil
}

// failure describes an exchange that broke: the worker's exit status and
// last words when it died, the I/O error otherwise.
func (w *workerProc) failure(err error) error {
	w.kill()
	<-w.exited
	if msg := strings.TrimSpace(w.stderr.String()); msg != "" {
		err = fmt.Errorf("%w (stderr: %s)", err, msg)
	}
	if st := w.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("%w: worker %s: %w", ErrWorker, st, err)
	}
	return fmt.Errorf("%w: %w", ErrWorker, err)
}

// kill ends the process at once, stopped or not.
func (w *workerProc) kill() {
	_ = w.cmd.Process.Kill()
}

// close ends the worker, waits for it and releases its pipes. Closing its
// input first lets a healthy worker exit by itself.
func (w *workerProc) close() {
	w.in.Close()
	w.kill()
	<-w.exited
	w.outFile.Close()
}

// tailBuffer keeps the last bytes a worker wrote to standard error, for the
// error that reports its death.
type tailBuffer struct {
	// mu guards b, which the process's stderr copier writes and a failing
	// request reads.
	mu sync.Mutex
	b  []byte
}

const tailBufferSize = 512

// Write keeps the last tailBufferSize bytes of everything written.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - tailBufferSize; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

// String returns what was kept.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
