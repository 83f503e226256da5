package rtnlremote

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// kernelRefusalEnv makes TestHelperKernelRefusal send routeAddRequest on
// a NETLINK_ROUTE socket, as the backend's sockets are set up, and print
// its port id and the kernel's answer in hex.
const kernelRefusalEnv = "RTNLREMOTE_TEST_KERNEL_REFUSAL"

// routeAddRequest is RTM_NEWROUTE 192.0.2.0/24 dev 1, with an ack asked
// for, as netinfo sends a change.
func routeAddRequest() []byte {
	b := make([]byte, 16+12+8+8)
	nativeEndian.PutUint32(b[0:], uint32(len(b)))
	nativeEndian.PutUint16(b[4:], 24)                                // RTM_NEWROUTE
	nativeEndian.PutUint16(b[6:], 0x1|0x4|0x400|0x200)               // REQUEST|ACK|CREATE|EXCL
	nativeEndian.PutUint32(b[8:], 4242)                              // seq
	b[16], b[17], b[20], b[21], b[22], b[23] = 2, 24, 254, 4, 253, 1 // inet /24, main, static, link, unicast
	nativeEndian.PutUint16(b[28:], 8)
	nativeEndian.PutUint16(b[30:], 1) // RTA_DST
	copy(b[32:], []byte{192, 0, 2, 0})
	nativeEndian.PutUint16(b[36:], 8)
	nativeEndian.PutUint16(b[38:], 4) // RTA_OIF
	nativeEndian.PutUint32(b[40:], 1)
	return b
}

func TestHelperKernelRefusal(t *testing.T) {
	if os.Getenv(kernelRefusalEnv) == "" {
		return
	}
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	require.NoError(t, err)
	defer unix.Close(fd)
	require.NoError(t, unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1))
	require.NoError(t, unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}))
	sa, err := unix.Getsockname(fd)
	require.NoError(t, err)
	require.NoError(t, unix.Sendto(fd, routeAddRequest(), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}))
	buf := make([]byte, 65536)
	n, _, err := unix.Recvfrom(fd, buf, 0)
	require.NoError(t, err)
	fmt.Printf("port %d reply %s\n", sa.(*unix.SockaddrNetlink).Pid, hex.EncodeToString(buf[:n]))
	os.Exit(0)
}

// TestRefusalMatchesKernel compares refusal's bytes with the kernel's
// answer to the same change from user nobody.
func TestRefusalMatchesKernel(t *testing.T) {
	bin := nstest.ExposedTestBinary(t)
	cmd := exec.Command(bin, "-test.run=^TestHelperKernelRefusal$")
	cmd.Env = append(os.Environ(), kernelRefusalEnv+"=1")
	nstest.RunAsNobody(cmd)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	var port uint32
	var replyHex string
	line := string(out)
	if i := strings.Index(line, "port "); i >= 0 {
		line = line[i:]
	}
	_, err = fmt.Sscanf(line, "port %d reply %s", &port, &replyHex)
	require.NoError(t, err, "%s", out)
	kernel, err := hex.DecodeString(replyHex)
	require.NoError(t, err)

	ours := refusal(routeAddRequest(), port)
	require.True(t, bytes.Equal(kernel, ours), "kernel:\n%s\nours:\n%s", hex.Dump(kernel), hex.Dump(ours))
}
