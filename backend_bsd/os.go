package backend_bsd

// osKind names a kernel whose routing-socket conventions differ.
type osKind uint8

// Kernels served by this package.
const (
	osFreeBSD osKind = iota + 1
	osOpenBSD
	osNetBSD
	osDragonFly
	osDarwin
)

var osNames = [...]string{"", "freebsd", "openbsd", "netbsd", "dragonfly", "darwin"}

// String returns the GOOS spelling of the kernel.
func (o osKind) String() string {
	if int(o) < len(osNames) && o != 0 {
		return osNames[o]
	}
	return "unknown"
}

// osFromGOOS maps a GOOS value to an OS; ok is false for other systems.
func osFromGOOS(goos string) (o osKind, ok bool) {
	for i, n := range osNames {
		if i != 0 && n == goos {
			return osKind(i), true
		}
	}
	return 0, false
}
