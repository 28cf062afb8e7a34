package tts

import (
	"syscall"
	"testing"
	"time"
)

// cpuUsed is the processor time this process (and its reaped children)
// have used, which unlike wall time holds still while other programs load
// the machine.
func cpuUsed() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			return 0
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

// reportCPU reports the processor time per op (per unit, when per > 1)
// spent since start, plus extra, as metric unit.
func reportCPU(b *testing.B, start, extra time.Duration, per float64, unit string) {
	b.Helper()
	cpu := cpuUsed() - start + extra
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/per, unit)
}
