package storage

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling OS thread has used, and locks
// the goroutine to it so that a later call measures the same thread: the
// benchmarks report it beside the wall time, which the other work on a
// shared machine inflates. SQLite (modernc) runs on the calling goroutine.
func threadCPU() time.Duration {
	runtime.LockOSThread()
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
