package storage

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// threadCPU returns the CPU time of the calling OS thread, to the
// nanosecond (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), and locks the
// goroutine to the thread so that a later call measures the same thread:
// the benchmarks report it beside the wall time, which waiting for a core
// on a busy machine inflates. SQLite (modernc) runs on the calling
// goroutine. It returns 0 when the kernel does not tell.
func threadCPU() time.Duration {
	runtime.LockOSThread()
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
