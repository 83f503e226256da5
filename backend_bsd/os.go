package backend_bsd

// OS names a kernel whose routing-socket conventions differ.
type OS uint8

// Kernels served by this package.
const (
	FreeBSD OS = iota + 1
	OpenBSD
	NetBSD
	DragonFly
	Darwin
)

var osNames = [...]string{"", "freebsd", "openbsd", "netbsd", "dragonfly", "darwin"}

// String returns the GOOS spelling of the kernel.
func (o OS) String() string {
	if int(o) < len(osNames) && o != 0 {
		return osNames[o]
	}
	return "unknown"
}

// OSFromGOOS maps a GOOS value to an OS; ok is false for other systems.
func OSFromGOOS(goos string) (o OS, ok bool) {
	for i, n := range osNames {
		if i != 0 && n == goos {
			return OS(i), true
		}
	}
	return 0, false
}
