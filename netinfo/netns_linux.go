//go:build linux

package netinfo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"golang.org/x/sys/unix"
)

// netnsRunDir is where `ip netns` binds named namespaces.
const netnsRunDir = "/var/run/netns"

// AddNetNS creates a network namespace named name, as `ip netns add
// NAME` does, and returns the path of its file (/var/run/netns/NAME)
// for WithNetNS or NetNSPath. The namespace lives until DelNetNS, even
// with no process in it. A name in use is an error matching
// syscall.EEXIST; it needs CAP_SYS_ADMIN.
func AddNetNS(name string) (string, error) {
	const op = "netns add"
	if err := checkNetNSName(op, name); err != nil {
		return "", err
	}
	path := filepath.Join(netnsRunDir, name)
	if err := os.Mkdir(netnsRunDir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("netinfo: %s: %w", op, err)
	}
	if err := shareNetNSDir(); err != nil {
		return "", fmt.Errorf("netinfo: %s: %w", op, err)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0)
	if err != nil {
		return "", fmt.Errorf("netinfo: %s: %w", op, err)
	}
	f.Close()
	done := make(chan error, 1)
	go func() {
		// The thread enters the new namespace and is never handed
		// back: it ends with the goroutine.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			done <- fmt.Errorf("unshare: %w", err)
			return
		}
		// The thread's own namespace: /proc/self/ns/net is the main
		// thread's.
		if err := unix.Mount("/proc/thread-self/ns/net", path, "none", unix.MS_BIND, ""); err != nil {
			done <- fmt.Errorf("bind %s: %w", path, err)
			return
		}
		done <- nil
	}()
	if err := <-done; err != nil {
		os.Remove(path)
		return "", fmt.Errorf("netinfo: %s: %w", op, err)
	}
	return path, nil
}

// shareNetNSDir makes the namespace directory a shared mount point, as
// ip does, so that deleting a namespace in one mount namespace unmounts
// it in the others too. An flock keeps concurrent callers from stacking
// bind mounts.
func shareNetNSDir() error {
	lock, err := os.Open(netnsRunDir)
	if err != nil {
		return err
	}
	defer lock.Close()
	if unix.Flock(int(lock.Fd()), unix.LOCK_EX) == nil {
		defer unix.Flock(int(lock.Fd()), unix.LOCK_UN)
	}
	for made := false; ; made = true {
		err := unix.Mount("", netnsRunDir, "none", unix.MS_SHARED|unix.MS_REC, "")
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EINVAL) || made {
			return fmt.Errorf("make %s shared: %w", netnsRunDir, err)
		}
		// Not a mount point yet: make it one.
		if err := unix.Mount(netnsRunDir, netnsRunDir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("bind %s: %w", netnsRunDir, err)
		}
	}
}

// DelNetNS deletes the named namespace, as `ip netns del NAME` does:
// its file is unmounted and removed; the namespace itself goes when the
// last process or file holding it does. A missing name is an error
// matching ErrNotFound.
func DelNetNS(name string) error {
	const op = "netns del"
	if err := checkNetNSName(op, name); err != nil {
		return err
	}
	path := filepath.Join(netnsRunDir, name)
	unix.Unmount(path, unix.MNT_DETACH) // as ip: a file not mounted is removed all the same
	if err := os.Remove(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("netinfo: %s: %s: %w", op, name, ErrNotFound)
		}
		return fmt.Errorf("netinfo: %s: %w", op, err)
	}
	return nil
}

// ListNetNS lists the named namespaces, as `ip netns list` does, sorted
// by name. No namespace directory means none.
func ListNetNS() ([]string, error) {
	entries, err := os.ReadDir(netnsRunDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("netinfo: netns list: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names, nil
}

// checkNetNSName applies ip's rule: not empty, at most NAME_MAX bytes,
// no '/', not "." or "..".
func checkNetNSName(op, name string) error {
	switch {
	case name == "":
		return invalid(op, "name", "empty")
	case len(name) > 255:
		return invalid(op, "name", "%d bytes, more than NAME_MAX", len(name))
	case name == "." || name == "..":
		return invalid(op, "name", "%q", name)
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' || name[i] == 0 {
			return invalid(op, "name", "%q holds '/' or NUL", name)
		}
	}
	return nil
}
