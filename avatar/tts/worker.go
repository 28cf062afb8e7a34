package tts

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
)

// workerEnv is the environment variable that selects the speech worker:
// "1" in a process its parent started as a worker, "off" in a server that
// should run espeak-ng once per request instead.
const workerEnv = "ZHUBO_TTS_WORKER"

// workerPoolSize is how many workers a process shares among its rooms: two
// keep both cores of a small machine busy and one room's long line from
// holding up another's reply.
const workerPoolSize = 2

// sharedWorkers is the pool every Espeak engine of this process uses, set
// once by ServeIfWorker; nil means the executable never opted in, so engines
// fall back to one espeak-ng process per request. It is process-wide on
// purpose: the point of the worker is that rooms share it.
var sharedWorkers atomic.Pointer[workerPool]

// ServeIfWorker lets this executable be re-run as the speech worker of its
// own process, a child that loads libespeak-ng once and speaks every room's
// clauses, and it must be called first thing in main (or TestMain). In a
// process started as a worker it serves requests on standard input and
// output until the input closes and returns served true with the exit code;
// otherwise it enables the worker for NewEspeak and returns served false.
func ServeIfWorker() (exitCode int, served bool) {
	switch os.Getenv(workerEnv) {
	case "1":
		return serveWorker(os.Stdin), true
	case "off":
		return 0, false
	}
	// The kernel's link to this program still runs it after an upgrade has
	// replaced its file.
	exe := "/proc/self/exe"
	if _, err := os.Stat(exe); err != nil {
		if exe, err = os.Executable(); err != nil {
			return 0, false // engines fall back to espeak-ng per request
		}
	}
	sharedWorkers.CompareAndSwap(nil, newWorkerPool(exe, workerPoolSize))
	return 0, false
}

// serveWorker is the worker's main loop. Its protocol goes out on a private
// copy of standard output, and standard output itself is pointed at standard
// error, so that nothing the library prints can corrupt a frame.
func serveWorker(in io.Reader) int {
	runtime.GOMAXPROCS(1)
	// Its parent decides when it ends, by closing its input: a Ctrl-C or a
	// service manager's SIGTERM to the whole group must not cut the parent's
	// last lines short.
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM)
	out, err := privateStdout()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tts worker: %v\n", err)
		return 1
	}
	lib, err := openLibrary()
	if err != nil {
		_ = writeFrame(out, synthReply{Err: err.Error()}.marshal())
		return 1
	}
	if err := writeFrame(out, synthReply{SampleRate: lib.sampleRate}.marshal()); err != nil {
		return 1
	}
	if err := answer(lib, bufio.NewReader(in), out); err != nil {
		fmt.Fprintf(os.Stderr, "tts worker: %v\n", err)
		return 1
	}
	return 0
}

// answer speaks each request read from in and writes its reply to out,
// until in ends.
func answer(lib *library, in io.Reader, out io.Writer) error {
	for {
		b, err := readFrame(in, maxRequestFrame)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read request: %w", err)
		}
		var reply synthReply
		req, err := parseSynthRequest(b)
		if err == nil {
			reply.PCM, err = lib.synth(req.Voice, req.Rate, req.Pitch, req.Text)
			reply.SampleRate = lib.sampleRate
		}
		if err != nil {
			reply = synthReply{Err: err.Error()}
		}
		if err := writeFrame(out, reply.marshal()); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
	}
}

// privateStdout duplicates standard output for the protocol and points
// file descriptor 1 at standard error.
func privateStdout() (*os.File, error) {
	fd, err := syscall.Dup(1)
	if err != nil {
		return nil, fmt.Errorf("dup stdout: %w", err)
	}
	syscall.CloseOnExec(fd)
	if err := syscall.Dup3(2, 1, 0); err != nil {
		return nil, fmt.Errorf("redirect stdout: %w", err)
	}
	return os.NewFile(uintptr(fd), "tts-worker-out"), nil
}
