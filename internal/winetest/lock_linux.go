package winetest

import (
	"os"
	"syscall"
)

// A fileLock is an exclusive flock(2) on a file: it excludes other
// processes (other test binaries) as well as other goroutines, since each
// lock opens its own file description.
type fileLock struct{ f *os.File }

// lockFile blocks until it holds the lock on path, creating the file.
func lockFile(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}

// unlock releases the lock.
func (l *fileLock) unlock() {
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}
