package planner

import (
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// clockThreadCPUTime is Linux's CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPUTime = 3

// threadCPU is the CPU time the calling thread has used. Unlike the wall
// clock it does not count the time other processes hold the core, so its
// percentiles hold on a loaded machine; the caller locks its OS thread.
func threadCPU(b *testing.B) time.Duration {
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime,
		uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		b.Fatal(errno)
	}
	return time.Duration(ts.Nano())
}

// processCPU is the CPU time the process has used, user and system; on a
// shared machine it says more about a benchmark's cost than the wall clock.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
