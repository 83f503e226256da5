package backend_bsd

import (
	"net/netip"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// sdlLen is sizeof(struct sockaddr_dl) on every kernel: the empty
// RTA_IFP sockaddr route(8) sends with RTM_GET to ask for the
// interface.
const sdlLen = 20

// MarshalRouteGet writes the RTM_GET request `route -n get DST` writes:
// rtm_flags RTF_UP|RTF_GATEWAY|RTF_HOST|RTF_STATIC, RTA_DST and an empty
// AF_LINK RTA_IFP, so that the answer names the interface (RTA_IFP) and
// its address (RTA_IFA). The kernel's lookup depends on the destination
// only: a query with an input or output link is EOPNOTSUPP; marks, uids,
// protocols and ports do not change a BSD kernel's choice and are not
// sent.
func (l layout) MarshalRouteGet(q *rtnlemu.RouteQuery, pid, seq int32) ([]byte, error) {
	if q.IIF != 0 || q.OIF != 0 {
		return nil, syscall.EOPNOTSUPP
	}
	if !q.Dst.IsValid() {
		return nil, syscall.EINVAL
	}
	dst := l.marshalIP(q.Dst, 0)
	ifp := make([]byte, sdlLen)
	ifp[0], ifp[1] = sdlLen, afLink
	h := l.rtHeader()
	size := h.size
	n := size + l.roundup(len(dst)) + l.roundup(len(ifp))
	b := make([]byte, n)
	put16(b, 0, uint16(n))
	b[2], b[3] = l.Version, l.msgCode(msgGet)
	if h.hdrlen >= 0 {
		put16(b, h.hdrlen, uint16(size))
	}
	put32(b, h.flags, rtfUp|rtfGateway|rtfHost|rtfStatic)
	put32(b, h.addrs, 1<<raxDst|1<<raxIFP)
	put32(b, h.pid, uint32(pid))
	put32(b, h.seq, uint32(seq))
	copy(b[size:], dst)
	copy(b[size+l.roundup(len(dst)):], ifp)
	return b, nil
}

// RouteGetAnswer translates the kernel's answer to RTM_GET into what a
// Linux kernel would answer: the matching route as an RTNL record, the
// next hop, the interface and the source address (RTA_IFA). A reject
// or blackhole route, which a BSD kernel returns as any other, is the
// errno Linux answers for it (EHOSTUNREACH, EINVAL); an answer with
// rtm_errno set (ESRCH: no route) is ENETUNREACH or that errno.
func (l layout) RouteGetAnswer(m *routeMsg, q *rtnlemu.RouteQuery) (*rtnlemu.RouteLookup, error) {
	if m == nil {
		return nil, syscall.EIO
	}
	if m.Errno != 0 {
		if syscall.Errno(m.Errno) == syscall.ESRCH {
			return nil, syscall.ENETUNREACH
		}
		return nil, syscall.Errno(m.Errno)
	}
	switch {
	case m.Flags&routeBlackhole != 0:
		return nil, syscall.EINVAL
	case m.Flags&routeReject != 0:
		return nil, syscall.EHOSTUNREACH
	}
	rm := *m
	rm.Flags &^= routeCloned | routeLLInfo
	msg, ok := l.Route(&rm, 0)
	if !ok || msg.Family == linux.AF_INET6 != q.Dst.Is6() {
		return nil, syscall.ENETUNREACH
	}
	res := &rtnlemu.RouteLookup{Route: msg, OIF: msg.Attributes.OutIface}
	if gw, ok := netip.AddrFromSlice(msg.Attributes.Gateway); ok {
		res.Gateway = gw.Unmap()
		if q.Dst.Is6() {
			res.Gateway = gw
		}
	}
	if ifp := m.Addrs[raxIFP]; ifp.Kind == saLink && ifp.Link.Index != 0 {
		res.OIF = uint32(ifp.Link.Index)
		if res.Route.Attributes.OutIface == 0 {
			res.Route.Attributes.OutIface = res.OIF
		}
	}
	if ifa := m.Addrs[raxIFA]; ifa.Kind == saInet && ifa.IP.Is6() == q.Dst.Is6() {
		res.Src = ifa.IP
	}
	if q.Src.IsValid() {
		res.Src = q.Src
	}
	res.Local = msg.Type == linux.RTN_LOCAL
	return res, nil
}
