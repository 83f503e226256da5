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
// they are excused only where the kernel's own state explains them: a
// route of a type the lookup refuses covers the gateway, or a policy
// rule whose action refuses the lookup may match it (the fuzz's rule
// requests reach the kernel, which rtnlemu does not serve).

// refusedGateway tells whether m adds an IPv4 route whose gateway the
// kernel's lookup, on the routes and rules it has now, may end on a
// route of a type other than unicast and local or on a rule that
// refuses it, so that the kernel answers errno.
func (p *diffPair) refusedGateway(t testing.TB, m diffMsg, errno syscall.Errno) bool {
	gws, scope, ok := checkedGateways(m)
	if !ok {
		return false
	}
	state := readKernel(t, p.kh)
	rules := rawDumpKernel(t, p.kh, 34, []byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	for _, gw := range gws {
		for _, r := range state.routes {
			if r.Family != 2 || !r.Dst.Contains(gw) || uint8(r.Scope) < scope {
				continue
			}
			if refusedType(uint8(r.Type)) == errno {
				return true
			}
		}
		for _, r := range rules {
			if ruleRefuses(r.Data, gw) == errno {
				return true
			}
		}
	}
	return false
}

// ruleRefuses is the errno an IPv4 policy rule (struct fib_rule_hdr and
// attributes) ends a lookup of dst with when it matches (fib4_rule_action:
// blackhole EINVAL, unreachable ENETUNREACH, prohibit EACCES), 0 for
// other actions or where its destination prefix cannot match dst. Its
// other selectors are taken to match.
func ruleRefuses(rule []byte, dst netip.Addr) syscall.Errno {
	if len(rule) < 12 || rule[0] != 2 {
		return 0
	}
	var errno syscall.Errno
	switch rule[7] {
	case 6:
		errno = syscall.EINVAL
	case 7:
		errno = syscall.ENETUNREACH
	case 8:
		errno = syscall.EACCES
	default:
		return 0
	}
	const invert = 0x2 // FIB_RULE_INVERT
	if d := lastAttrOf(rule[12:], 1); rule[1] > 0 && len(d) >= 4 && binary.NativeEndian.Uint32(rule[8:])&invert == 0 {
		if !netip.PrefixFrom(netip.AddrFrom4([4]byte(d)), int(min(rule[1], 32))).Contains(dst) {
			return 0
		}
	}
	return errno
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
		for flags, hop := range hopsOf(mp) {
			add(hop, uint32(flags))
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
// A blackhole rule (run 56) has the same effect on the gateways it
// covers.
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
	// A blackhole rule for 50.0.0.0/8 ends the lookup of a gateway there.
	rule := diffMsg{typ: 32, flags: fReq | fAck | fCreate | fExcl,
		body: join([]byte{2, 8, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0}, attr(6, u32(10)), attr(1, ipb("50.0.0.0")))}
	k, _ = p.run(t, diffReq{name: "blackhole rule 50/8", msgs: []diffMsg{rule}})
	require.Equal(t, []string{"#0 error ok"}, k)
	cases = append(cases, []struct {
		name    string
		m       diffMsg
		excused bool
	}{
		{"via 50.48.48.48 past a blackhole rule", via("50.48.48.48", 0), true},
		{"via 51.48.48.48 past a blackhole rule", via("51.48.48.48", 0), false},
	}...)
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

// looksUpGateway6 tells whether an IPv6 route add names a gateway the
// kernel looks up (ip6_validate_gw: one that is not link-local, of the
// route or of a next hop), which ends in EHOSTUNREACH where no route
// leads to it, or EINVAL with RTNH_F_ONLINK where the route found is not
// a unicast one through the link asked for.
func looksUpGateway6(m diffMsg, kernel string) bool {
	if m.typ != 24 || len(m.body) < 12 || m.body[0] != 10 {
		return false
	}
	onlink := binary.NativeEndian.Uint32(m.body[8:])&0x4 != 0
	if !strings.HasPrefix(kernel, "error 113(") && !(onlink && strings.HasPrefix(kernel, "error 22(")) {
		return false
	}
	global := func(gw []byte) bool {
		a, ok := netip.AddrFromSlice(gw)
		return ok && len(gw) == 16 && !a.IsLinkLocalUnicast() && !a.IsMulticast() && !a.IsUnspecified()
	}
	attrs := m.body[12:]
	if gw := lastAttrOf(attrs, 5); len(gw) >= 16 && global(gw[:16]) {
		return true
	}
	for _, hop := range hopsOf(lastAttrOf(attrs, 9)) {
		if gw := firstAttrOf(hop, 5); len(gw) >= 16 && global(gw[:16]) {
			return true
		}
	}
	return false
}
