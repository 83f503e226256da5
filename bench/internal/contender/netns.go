package contender

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// inNetNS runs f on an OS thread switched into the namespace at path,
// then switches the thread back. Sockets keep the namespace they were
// made in, so f typically opens one.
func inNetNS(path string, f func() error) error {
	runtime.LockOSThread()
	home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("opening this thread's namespace: %w", err)
	}
	defer unix.Close(home)
	target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("opening namespace %s: %w", path, err)
	}
	defer unix.Close(target)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("entering namespace %s: %w", path, err)
	}
	ferr := f()
	if err := unix.Setns(home, unix.CLONE_NEWNET); err != nil {
		// The thread stays locked, so the runtime ends it with the
		// goroutine instead of reusing it in the wrong namespace.
		return fmt.Errorf("leaving namespace %s: %w", path, err)
	}
	runtime.UnlockOSThread()
	return ferr
}

// openNetNS opens the namespace file at path for libraries that take a
// namespace descriptor. The caller closes it.
func openNetNS(path string) (int, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("opening namespace %s: %w", path, err)
	}
	return fd, nil
}
