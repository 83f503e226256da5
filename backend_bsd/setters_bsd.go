//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/rtnlemu"
	"golang.org/x/sys/unix"
)

// The source changes links, addresses and routes; neighbours it leaves
// to the emulator's EOPNOTSUPP.
var (
	_ rtnlemu.Source      = (*source)(nil)
	_ rtnlemu.Notifier    = (*source)(nil)
	_ rtnlemu.LinkSetter  = (*source)(nil)
	_ rtnlemu.AddrSetter  = (*source)(nil)
	_ rtnlemu.RouteSetter = (*source)(nil)
)

// interfaceByName gives an interface's index.
func interfaceByName(name string) (int, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return 0, syscall.ENODEV
	}
	return ifi.Index, nil
}

// interfaceName gives an interface's name, ENODEV when there is none.
func interfaceName(index uint32) (string, error) {
	ifi, err := net.InterfaceByIndex(int(index))
	if err != nil || index == 0 {
		return "", syscall.ENODEV
	}
	return ifi.Name, nil
}

// errnoOf unwraps an errno so that the emulator answers with it.
func errnoOf(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}

// withSocket runs fn with a datagram socket of the family, the socket
// interface ioctls go through.
func withSocket(family int, fn func(fd int) error) error {
	fd, err := unix.Socket(family, unix.SOCK_DGRAM, 0)
	if err != nil {
		return errnoOf(err)
	}
	defer unix.Close(fd)
	return errnoOf(fn(fd))
}

// SetLink implements rtnlemu.LinkSetter: IFF_UP with SIOCSIFFLAGS and
// the MTU with SIOCSIFMTU; anything else is EOPNOTSUPP.
func (s *source) SetLink(ctx context.Context, m *rtnetlink.LinkMessage) error {
	index := m.Index
	if index == 0 && m.Attributes != nil && m.Attributes.Name != "" {
		i, err := interfaceByName(m.Attributes.Name)
		if err != nil {
			return err
		}
		index = uint32(i)
	}
	ifi, err := net.InterfaceByIndex(int(index))
	if err != nil || index == 0 {
		return syscall.ENODEV
	}
	io := s.layout.Ioctls()
	return withSocket(unix.AF_INET, func(fd int) error {
		req := io.FlagsReq(ifi.Name, 0)
		if err := ioctl(fd, io.GetFlags, req); err != nil {
			return err
		}
		plan, err := planLink(s.layout.OS, io.FlagsOf(req), ifi.Name, uint32(ifi.MTU), m)
		if err != nil {
			return err
		}
		if plan.SetMTU {
			if err := ioctl(fd, io.SetMTU, io.MTUReq(ifi.Name, plan.MTU)); err != nil {
				return err
			}
		}
		if plan.SetFlags {
			return ioctl(fd, io.SetFlags, io.FlagsReq(ifi.Name, plan.Flags))
		}
		return nil
	})
}

// AddAddr implements rtnlemu.AddrSetter with SIOCAIFADDR or
// SIOCAIFADDR_IN6, which add an address or update one that exists; as
// on Linux, an existing address is EEXIST unless NLM_F_REPLACE is set.
func (s *source) AddAddr(ctx context.Context, m *rtnetlink.AddressMessage, flags rtnlemu.Flags) error {
	p, err := planAddr(m)
	if err != nil {
		return err
	}
	name, err := interfaceName(p.Index)
	if err != nil {
		return err
	}
	if flags&rtnlemu.FlagReplace == 0 {
		b, err := fetchRIB(afUnspec, int32(netRTIfList(s.layout.OS)), int32(p.Index), 0, false)
		if err != nil {
			return errnoOf(err)
		}
		if hasAddr(s.parse(b), uint16(p.Index), p.Prefix.Addr()) {
			return syscall.EEXIST
		}
	}
	io := s.layout.Ioctls()
	if p.Prefix.Addr().Is4() {
		return withSocket(unix.AF_INET, func(fd int) error {
			return ioctl(fd, io.AddAddr, io.AddAddrReq(name, p.Prefix, p.Dst))
		})
	}
	zone := uint32(0)
	if p.Prefix.Addr().IsLinkLocalUnicast() {
		zone = p.Index
	}
	return withSocket(unix.AF_INET6, func(fd int) error {
		return ioctl(fd, io.AddAddr6, s.layout.AddAddr6Req(name, p.Prefix, p.Dst, zone))
	})
}

// DelAddr implements rtnlemu.AddrSetter with SIOCDIFADDR or
// SIOCDIFADDR_IN6.
func (s *source) DelAddr(ctx context.Context, m *rtnetlink.AddressMessage) error {
	p, err := planAddr(m)
	if err != nil {
		return err
	}
	name, err := interfaceName(p.Index)
	if err != nil {
		return err
	}
	io := s.layout.Ioctls()
	if p.Prefix.Addr().Is4() {
		return withSocket(unix.AF_INET, func(fd int) error {
			return ioctl(fd, io.DelAddr, io.DelAddrReq(name, p.Prefix.Addr()))
		})
	}
	zone := uint32(0)
	if p.Prefix.Addr().IsLinkLocalUnicast() {
		zone = p.Index
	}
	return withSocket(unix.AF_INET6, func(fd int) error {
		return ioctl(fd, io.DelAddr6, s.layout.In6Ifreq(name, p.Prefix.Addr(), zone))
	})
}

// AddRoute implements rtnlemu.RouteSetter: RTM_ADD, or RTM_CHANGE for
// NLM_F_REPLACE (falling back to RTM_ADD when NLM_F_CREATE allows it
// and the route does not exist).
func (s *source) AddRoute(ctx context.Context, m *rtnetlink.RouteMessage, flags rtnlemu.Flags) error {
	if flags&rtnlemu.FlagReplace != 0 {
		err := s.writeRoute(m, msgChange)
		if errors.Is(err, syscall.ESRCH) && flags&rtnlemu.FlagCreate != 0 {
			return s.writeRoute(m, msgAdd)
		}
		return err
	}
	return s.writeRoute(m, msgAdd)
}

// DelRoute implements rtnlemu.RouteSetter with RTM_DELETE.
func (s *source) DelRoute(ctx context.Context, m *rtnetlink.RouteMessage) error {
	return s.writeRoute(m, msgDelete)
}

// writeRoute writes one request on a routing socket of its own; the
// kernel answers a failed request with the write's errno.
func (s *source) writeRoute(m *rtnetlink.RouteMessage, typ msgKind) error {
	r, err := s.layout.RouteRequestFromRTNL(m, typ)
	if err != nil {
		return err
	}
	r.Pid, r.Seq = int32(os.Getpid()), s.seq.Add(1)
	b, err := s.layout.MarshalRouteRequest(r)
	if err != nil {
		return err
	}
	fd, err := unix.Socket(unix.AF_ROUTE, unix.SOCK_RAW, unix.AF_UNSPEC)
	if err != nil {
		return errnoOf(err)
	}
	defer unix.Close(fd)
	if err := setSocketFIB(fd, r.FIB); err != nil {
		return errnoOf(err)
	}
	// Nobody reads this socket: do not let the kernel queue echoes.
	_ = unix.Shutdown(fd, unix.SHUT_RD)
	if _, err := unix.Write(fd, b); err != nil {
		return errnoOf(err)
	}
	return nil
}
