//go:build linux

package rtnlemu_test

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// The kernel checks an IPv4 route's gateway by looking it up
// (fib_check_nh_v4_gw) among routes of link or host scope, before it
// looks for the route itself; rtnlemu does not. Its ENETUNREACH (no such
// route) is excused for any request. Its other answers, EINVAL,
// EHOSTUNREACH and EACCES, are also what many other checks answer, so
// they are excused only where the kernel's own routes explain them: a
// route of a type the lookup refuses covers the gateway.

// refusedGateway tells whether m adds an IPv4 route whose gateway the
// kernel's lookup, on the routes it has now, ends on a route of a type
// other than unicast and local, so that the kernel answers errno.
func (p *diffPair) refusedGateway(t testing.TB, m diffMsg, errno syscall.Errno) bool {
	gws, scope, ok := checkedGateways(m)
	if !ok {
		return false
	}
	state := readKernel(t, p.kh)
	for _, gw := range gws {
		for _, r := range state.routes {
			if r.Family != 2 || !r.Dst.Contains(gw) || uint8(r.Scope) < scope {
				continue
			}
			if refusedType(uint8(r.Type)) == errno {
				return true
			}
		}
	}
	return false
}

// refusedType is the kernel's answer to a gateway whose lookup ends on a
// route of type typ: a reject route's error (fib_props), EINVAL for any
// other type but unicast and local, 0 for those.
func refusedType(typ uint8) syscall.Errno {
	switch typ {
	case linux.RTN_UNICAST, linux.RTN_LOCAL:
		return 0
	case linux.RTN_UNREACHABLE:
		return syscall.EHOSTUNREACH
	case linux.RTN_PROHIBIT:
		return syscall.EACCES
	}
	return syscall.EINVAL
}

// checkedGateways are the IPv4 gateways of an IPv4 route add (RTA_GATEWAY,
// an IPv4 RTA_VIA, the next hops' own) that the kernel looks up, those
// not marked RTNH_F_ONLINK, and the least scope a route must have to be
// found by that lookup (the request's scope plus one, at least link).
func checkedGateways(m diffMsg) ([]netip.Addr, uint8, bool) {
	if m.typ != 24 || len(m.body) < 12 || m.body[0] != 2 {
		return nil, 0, false
	}
	scope := max(int(m.body[6])+1, linux.RT_SCOPE_LINK)
	if scope > 255 {
		return nil, 0, false
	}
	attrs := m.body[12:]
	var gws []netip.Addr
	add := func(attrs []byte, flags uint32) {
		if flags&linux.RTNH_F_ONLINK != 0 {
			return
		}
		if gw := lastAttrOf(attrs, 5); len(gw) >= 4 {
			gws = append(gws, netip.AddrFrom4([4]byte(gw)))
		}
		if via := lastAttrOf(attrs, 18); len(via) >= 6 && binary.NativeEndian.Uint16(via) == 2 {
			gws = append(gws, netip.AddrFrom4([4]byte(via[2:6])))
		}
	}
	if mp := lastAttrOf(attrs, 9); mp != nil {
		for len(mp) >= 8 {
			l := int(binary.NativeEndian.Uint16(mp))
			if l < 8 || l > len(mp) {
				break
			}
			add(mp[8:l], uint32(mp[2]))
			mp = mp[min(len(mp), (l+3)&^3):]
		}
	} else {
		add(attrs, binary.NativeEndian.Uint32(m.body[8:12]))
	}
	return gws, uint8(scope), len(gws) > 0
}

// TestRefusedGateway replays run 53's find: after a reject route covers
// 48.0.0.0/8 with link scope, the kernel refuses a route via 48.48.48.48
// and rtnlemu does not look the gateway up. The excuse holds for that
// request alone: not with RTNH_F_ONLINK, not for a gateway elsewhere.
func TestRefusedGateway(t *testing.T) {
	p := newDiffPair(t)
	reject := diffMsg{typ: 24, flags: fReq | fAck | fCreate | fExcl,
		body: join(rtmsg(2, 8, 254, 4, linux.RT_SCOPE_LINK, linux.RTN_BLACKHOLE), attr(1, ipb("48.0.0.0")))}
	k, e := p.run(t, diffReq{name: "blackhole 48/8", msgs: []diffMsg{reject}})
	require.Equal(t, []string{"#0 error ok"}, k)
	require.Equal(t, k, e)
	via := func(gw string, rtmFlags uint32) diffMsg {
		body := join(rtmsg(2, 32, 254, 4, 0, linux.RTN_UNICAST), attr(1, ipb("10.77.0.1")), attr(5, ipb(gw)))
		binary.NativeEndian.PutUint32(body[8:], rtmFlags)
		return diffMsg{typ: 24, flags: fReq | fAck | fReplace, body: body}
	}
	cases := []struct {
		name    string
		m       diffMsg
		excused bool
	}{
		{"via 48.48.48.48", via("48.48.48.48", 0), true},
		{"via 48.48.48.48 onlink", via("48.48.48.48", linux.RTNH_F_ONLINK), false},
		{"via 49.48.48.48", via("49.48.48.48", 0), false},
	}
	for _, c := range cases {
		state := readKernel(t, p.kh)
		require.NoError(t, p.mem.Load(&state.snap))
		k, e := p.run(t, diffReq{name: c.name, msgs: []diffMsg{c.m}})
		kc, ec := answerClass(k), answerClass(e)
		if c.excused {
			require.True(t, strings.HasPrefix(kc, "error 22("), "%s: kernel %s", c.name, kc)
			require.NotEqual(t, kc, ec, c.name)
		}
		require.Equal(t, c.excused, p.refusedGateway(t, c.m, syscall.EINVAL), "%s: kernel %s, rtnlemu %s", c.name, kc, ec)
	}
}
