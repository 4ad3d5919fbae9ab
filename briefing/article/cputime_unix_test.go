//go:build unix

package article

import "syscall"

// cpuSeconds is the CPU time this process has used, user and system,
// so that a benchmark on a shared machine can report work per CPU second.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
