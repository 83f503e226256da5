//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package backend_bsd

import (
	"fmt"
	"net/netip"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/route"
)

// TestParseLikeXNetRoute reads this host's interface list and routing
// table with route.FetchRIB and requires backend_bsd's parser to find,
// message by message, the same links, addresses and routes as
// x/net/route's ParseRIB in the same bytes.
func TestParseLikeXNetRoute(t *testing.T) {
	o, ok := osFromGOOS(runtime.GOOS)
	require.True(t, ok)
	l := layoutForArch(o, runtime.GOARCH)
	for _, rib := range []struct {
		name string
		typ  route.RIBType
	}{
		{"interfaces", route.RIBType(netRTIfList(o))},
		{"routes", route.RIBTypeRoute},
	} {
		t.Run(rib.name, func(t *testing.T) {
			b, err := route.FetchRIB(syscall.AF_UNSPEC, rib.typ, 0)
			require.NoError(t, err)
			theirs, err := route.ParseRIB(rib.typ, b)
			require.NoError(t, err)
			ours, st := l.ParseMessages(b)
			require.Zero(t, st.Skipped)
			want := summarizeXNet(theirs)
			var got []string
			for _, m := range ours {
				if s := summarizeOurs(l, m); s != "" {
					got = append(got, s)
				}
			}
			require.NotEmpty(t, want, "the host has no %s", rib.name)
			require.Equal(t, want, got)
			t.Logf("%d %s agree", len(want), rib.name)
		})
	}
}

// summarizeXNet describes the links, addresses and routes x/net found.
func summarizeXNet(msgs []route.Message) []string {
	var out []string
	for _, m := range msgs {
		switch m := m.(type) {
		case *route.InterfaceMessage:
			var lladdr []byte
			if la, ok := addrAt(m.Addrs, syscall.RTAX_IFP).(*route.LinkAddr); ok {
				lladdr = la.Addr
			}
			out = append(out, fmt.Sprintf("link %d %s %x", m.Index, m.Name, lladdr))
		case *route.InterfaceAddrMessage:
			out = append(out, fmt.Sprintf("addr %d %s", m.Index, xnetIP(addrAt(m.Addrs, syscall.RTAX_IFA))))
		case *route.RouteMessage:
			out = append(out, fmt.Sprintf("route %d %s via %s flags %#x", m.Index,
				xnetIP(addrAt(m.Addrs, syscall.RTAX_DST)), xnetIP(addrAt(m.Addrs, syscall.RTAX_GATEWAY)), uint32(m.Flags)))
		}
	}
	return out
}

func addrAt(as []route.Addr, i int) route.Addr {
	if i < len(as) {
		return as[i]
	}
	return nil
}

// xnetIP prints an x/net address as netip does, with its zone index.
func xnetIP(a route.Addr) string {
	switch a := a.(type) {
	case *route.Inet4Addr:
		return netip.AddrFrom4(a.IP).String()
	case *route.Inet6Addr:
		return fmt.Sprintf("%s%%%d", netip.AddrFrom16(a.IP), a.ZoneID)
	case *route.LinkAddr:
		return fmt.Sprintf("link#%d", a.Index)
	}
	return "-"
}

// summarizeOurs describes a message the backend parsed the same way.
func summarizeOurs(l layout, m message) string {
	switch {
	case m.If != nil:
		sdl := m.If.Addrs[raxIFP].Link
		return fmt.Sprintf("link %d %s %x", m.If.Index, sdl.Name, []byte(sdl.Addr))
	case m.Addr != nil:
		return fmt.Sprintf("addr %d %s", m.Addr.Index, ourIP(m.Addr.Addrs[raxIFA]))
	case m.Route != nil:
		return fmt.Sprintf("route %d %s via %s flags %#x", m.Route.Index,
			ourIP(m.Route.Addrs[raxDst]), ourIP(m.Route.Addrs[raxGateway]), m.Route.RawFlags)
	}
	return ""
}

func ourIP(sa sockaddr) string {
	switch sa.Kind {
	case saInet:
		if sa.IP.Is4() {
			return sa.IP.String()
		}
		return fmt.Sprintf("%s%%%d", sa.IP, sa.Zone)
	case saLink:
		return fmt.Sprintf("link#%d", sa.Link.Index)
	}
	return "-"
}
