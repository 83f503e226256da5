package backend_bsd

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// checkKernelABI refuses a 32-bit program on a 64-bit FreeBSD kernel.
// FreeBSD's sys/net/rtsock.c (13 and later) translates for such a
// program (SCTL_MASK32) only the if_msghdr and ifa_msghdrl of the
// interface list, with 4-byte sockaddr rounding; route and neighbour
// dumps (sysctl_dumpnhop) and every routing-socket message keep the
// kernel's 64-bit rt_msghdr (u_long rt_metrics) and 8-byte rounding. No
// one layout parses both, so rather than misread them the source is not
// opened. kern.supported_archs lists the kernel's architecture and the
// ones it runs ("amd64 i386"); hw.machine_arch answers a 32-bit program
// with its own.
func checkKernelABI(l layout) error {
	if l.WordSize == 8 {
		return nil
	}
	archs, err := unix.Sysctl("kern.supported_archs")
	if err != nil {
		return nil // cannot tell; a kernel without the sysctl is older than any 64-bit compat
	}
	for _, a := range strings.Fields(archs) {
		switch a {
		case "amd64", "aarch64", "powerpc64", "powerpc64le", "riscv64":
			return fmt.Errorf("backend_bsd: a 32-bit program on a 64-bit FreeBSD kernel (%s) reads mixed routing-message layouts; build for %s", archs, a)
		}
	}
	return nil
}
