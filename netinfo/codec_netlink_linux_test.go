package netinfo

// A bare NETLINK_ROUTE socket for the codec's kernel tests: it records
// dumps into testdata and checks that the kernel, with strict checking,
// accepts the requests the encoders build. It is independent of the
// Handle and of backend_linux on purpose: the codec is tested against the
// kernel alone.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// kernelSock is a NETLINK_ROUTE socket in a test namespace with
// NETLINK_GET_STRICT_CHK and NETLINK_EXT_ACK on.
type kernelSock struct {
	fd  int
	seq uint32
}

// dialKernelInNS opens a kernelSock inside the namespace file nsPath. The
// socket is made on a locked thread that has entered the namespace; that
// thread is never unlocked, so the runtime discards it instead of reusing
// it in the wrong namespace.
func dialKernelInNS(t *testing.T, nsPath string) *kernelSock {
	t.Helper()
	type result struct {
		fd  int
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		nsFile, err := os.Open(nsPath)
		if err != nil {
			done <- result{-1, err}
			return
		}
		defer nsFile.Close()
		if err := unix.Setns(int(nsFile.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- result{-1, fmt.Errorf("setns: %w", err)}
			return
		}
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		done <- result{fd, err}
	}()
	res := <-done
	require.NoError(t, res.err)
	s := &kernelSock{fd: res.fd}
	t.Cleanup(func() { unix.Close(s.fd) })
	require.NoError(t, unix.Bind(s.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}))
	require.NoError(t, unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1))
	require.NoError(t, unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1))
	return s
}

// kernelReply is what the kernel answered to one request.
type kernelReply struct {
	raw  []byte   // every datagram received, concatenated
	msgs [][]byte // the payloads of the data messages (not DONE or ERROR)
	typs []uint16 // their types
}

// request sends one message (NLM_F_REQUEST and NLM_F_ACK added) and
// collects the reply up to NLMSG_DONE or the final NLMSG_ERROR, which
// becomes an error carrying the errno and the extended-ack text.
func (s *kernelSock) request(typ, flags uint16, payload []byte) (kernelReply, error) {
	s.seq++
	msg := make([]byte, 16, 16+len(payload))
	binary.NativeEndian.PutUint32(msg[0:], uint32(16+len(payload)))
	binary.NativeEndian.PutUint16(msg[4:], typ)
	binary.NativeEndian.PutUint16(msg[6:], flags|unix.NLM_F_REQUEST|unix.NLM_F_ACK)
	binary.NativeEndian.PutUint32(msg[8:], s.seq)
	msg = append(msg, payload...)
	if err := unix.Sendto(s.fd, msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return kernelReply{}, err
	}
	var rep kernelReply
	buf := make([]byte, 1<<20)
	for {
		n, _, err := unix.Recvfrom(s.fd, buf, 0)
		if err != nil {
			return rep, err
		}
		dgram := buf[:n]
		rep.raw = append(rep.raw, dgram...)
		for len(dgram) >= 16 {
			l := int(binary.NativeEndian.Uint32(dgram))
			if l < 16 || l > len(dgram) {
				return rep, fmt.Errorf("bad netlink length %d", l)
			}
			mtyp := binary.NativeEndian.Uint16(dgram[4:])
			mflags := binary.NativeEndian.Uint16(dgram[6:])
			body := dgram[16:l]
			switch mtyp {
			case unix.NLMSG_DONE:
				// A dump that failed after it started carries the
				// negative errno in NLMSG_DONE's payload.
				if len(body) >= 4 {
					if errno := -int32(binary.NativeEndian.Uint32(body)); errno > 0 {
						return rep, fmt.Errorf("%w (in NLMSG_DONE)", syscall.Errno(errno))
					}
				}
				return rep, nil
			case unix.NLMSG_ERROR:
				return rep, kernelError(body, mflags)
			default:
				rep.msgs = append(rep.msgs, append([]byte(nil), body...))
				rep.typs = append(rep.typs, mtyp)
			}
			dgram = dgram[nlmsg.Align(l):]
		}
	}
}

// kernelError turns an NLMSG_ERROR payload into nil (an ACK) or an error
// with the errno and the extended-ack message.
func kernelError(body []byte, flags uint16) error {
	if len(body) < 4 {
		return errors.New("short NLMSG_ERROR")
	}
	errno := -int32(binary.NativeEndian.Uint32(body))
	if errno == 0 {
		return nil
	}
	msg := ""
	if flags&unix.NLM_F_ACK_TLVS != 0 && len(body) >= 20 {
		skip := 20 // errno + the request's header
		if flags&unix.NLM_F_CAPPED == 0 && len(body) >= 12 {
			skip = 4 + int(binary.NativeEndian.Uint32(body[4:]))
		}
		if skip <= len(body) {
			r := attrReader{b: body[nlmsg.Align(skip):]}
			for r.next() {
				if r.typ == unix.NLMSGERR_ATTR_MSG {
					msg = readString(r.val)
				}
			}
		}
	}
	return fmt.Errorf("%w: %s", syscall.Errno(errno), msg)
}
