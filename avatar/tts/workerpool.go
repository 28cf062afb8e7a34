package tts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// workerStartTimeout bounds starting a worker and loading its voices, which
// does not count against a request's own timeout.
const workerStartTimeout = 10 * time.Second

// workerPool shares a few speech workers among the engines of a process.
// Each worker runs one request at a time; a worker that dies or overruns a
// request's timeout is killed and a new one starts with the next request.
type workerPool struct {
	exe string
	// slots hands out the workers: a request takes a slot, uses (and, if
	// need be, starts) its worker and puts the slot back.
	slots chan *workerSlot
	// sent, when set, runs after a request is written to worker pid (tests).
	sent func(pid int)

	// mu guards unavailable and live.
	mu          sync.Mutex
	unavailable error // why workers cannot run here; set once, never cleared
	live        map[*workerProc]struct{}
}

// workerSlot holds one worker, nil until the first request starts it.
type workerSlot struct {
	proc *workerProc
}

func newWorkerPool(exe string, n int) *workerPool {
	p := &workerPool{exe: exe, slots: make(chan *workerSlot, n),
		live: make(map[*workerProc]struct{})}
	for range n {
		p.slots <- &workerSlot{}
	}
	return p
}

// synth speaks req on a worker within timeout of the worker receiving it.
// An error wrapping ErrNoWorker means workers cannot run in this process
// and never will; the caller should synthesize another way.
func (p *workerPool) synth(ctx context.Context, req synthRequest,
	timeout time.Duration) (synthReply, error) {
	if err := p.unavailableErr(); err != nil {
		return synthReply{}, err
	}
	var s *workerSlot
	select {
	case s = <-p.slots:
	case <-ctx.Done():
		return synthReply{}, fmt.Errorf("%w: waiting for a worker: %w", ErrWorker, ctx.Err())
	}
	defer func() { p.slots <- s }()

	w, err := p.running(ctx, s)
	if err != nil {
		return synthReply{}, err
	}
	reply, err := p.exchange(ctx, w, req, timeout)
	if err != nil {
		if !errors.Is(err, context.Canceled) { // a skipped line is no failure
			slog.Warn("tts worker failed; the next request starts a new one", "err", err)
		}
		p.retire(s)
		return synthReply{}, err
	}
	if reply.Err != "" {
		return synthReply{}, fmt.Errorf("%w: %s", ErrSynth, reply.Err)
	}
	return reply, nil
}

// exchange sends req to w and waits up to timeout for the reply.
func (p *workerPool) exchange(ctx context.Context, w *workerProc, req synthRequest,
	timeout time.Duration) (synthReply, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return w.exchange(ctx, req.marshal(), p.sent)
}

// running returns the slot's worker, starting a new one when there is none
// or the last one has exited.
func (p *workerPool) running(ctx context.Context, s *workerSlot) (*workerProc, error) {
	if s.proc != nil && s.proc.alive() {
		return s.proc, nil
	}
	p.retire(s)
	startCtx, cancel := context.WithTimeout(ctx, workerStartTimeout)
	defer cancel()
	w, err := startWorkerProc(startCtx, p.exe)
	if err != nil && ctx.Err() == nil {
		// Not the caller giving up: a worker that cannot start, load the
		// library or greet in time would fail every request the same way.
		return nil, p.disable(err)
	}
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.live[w] = struct{}{}
	p.mu.Unlock()
	s.proc = w
	return w, nil
}

// retire ends the slot's worker, if any.
func (p *workerPool) retire(s *workerSlot) {
	if s.proc == nil {
		return
	}
	s.proc.close()
	p.mu.Lock()
	delete(p.live, s.proc)
	p.mu.Unlock()
	s.proc = nil
}

// disable records that workers cannot run in this process, for good, and
// returns why, wrapping ErrNoWorker.
func (p *workerPool) disable(err error) error {
	if !errors.Is(err, ErrNoWorker) {
		err = fmt.Errorf("%w: %w", ErrNoWorker, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unavailable == nil {
		p.unavailable = err
		slog.Warn("running espeak-ng once per request", "err", err)
	}
	return err
}

func (p *workerPool) unavailableErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unavailable
}

// close ends every worker, waiting for requests in flight to finish; a
// later request starts a new one.
func (p *workerPool) close() {
	held := make([]*workerSlot, 0, cap(p.slots))
	for range cap(p.slots) {
		s := <-p.slots
		p.retire(s)
		held = append(held, s)
	}
	for _, s := range held {
		p.slots <- s
	}
}

// cpu is the processor time the pool's running workers have used so far.
func (p *workerPool) cpu() time.Duration {
	p.mu.Lock()
	pids := make([]int, 0, len(p.live))
	for w := range p.live {
		pids = append(pids, w.cmd.Process.Pid)
	}
	p.mu.Unlock()
	var total time.Duration
	for _, pid := range pids {
		total += processCPU(pid)
	}
	return total
}

// clockTick is the unit of the times in /proc/PID/stat (USER_HZ), 100 per
// second on every Linux the engine runs on.
const clockTick = 10 * time.Millisecond

// processCPU reads the user and system time of process pid from /proc; zero
// when it has gone.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name in parentheses may hold spaces; fields follow its end.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * clockTick
}

// WorkerCPU is the processor time this process's running speech workers
// have used so far. Together with getrusage's RUSAGE_SELF and
// RUSAGE_CHILDREN (which counts workers once they have exited) it is all
// the processor time the process has spent.
func WorkerCPU() time.Duration {
	p := sharedWorkers.Load()
	if p == nil {
		return 0
	}
	return p.cpu()
}
