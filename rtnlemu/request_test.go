package rtnlemu

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

const dumpFlags = netlink.Request | netlink.Dump

// Request bodies, built by hand where jsimonetti's encoders cannot say
// what a test needs (strict-check filter attributes, bad headers).

func ifinfomsg(index uint32, attrs ...[]byte) []byte {
	b := make([]byte, 16)
	binary.NativeEndian.PutUint32(b[4:], index)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

func ifaddrmsg(family, plen uint8, index uint32) []byte {
	b := []byte{family, plen, 0, 0, 0, 0, 0, 0}
	binary.NativeEndian.PutUint32(b[4:], index)
	return b
}

func rtmsg(family, table, protocol, typ uint8, flags uint32, attrs ...[]byte) []byte {
	b := []byte{family, 0, 0, 0, table, protocol, 0, typ, 0, 0, 0, 0}
	binary.NativeEndian.PutUint32(b[8:], flags)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

func ndmsg(family uint8, index uint32, flags uint8, attrs ...[]byte) []byte {
	b := []byte{family, 0, 0, 0, 0, 0, 0, 0, 0, 0, flags, 0}
	binary.NativeEndian.PutUint32(b[4:], index)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

func attrU32(typ uint16, v uint32) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(typ, v)
	b, _ := ae.Encode()
	return b
}

func attrIP(typ uint16, s string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Bytes(typ, net.ParseIP(s))
	b, _ := ae.Encode()
	return b
}

func attrString(typ uint16, s string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.String(typ, s)
	b, _ := ae.Encode()
	return b
}

func attrNestedKind(kind string) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Nested(linux.IFLA_LINKINFO, func(nae *netlink.AttributeEncoder) error {
		nae.String(linux.IFLA_INFO_KIND, kind)
		return nil
	})
	b, _ := ae.Encode()
	return b
}

// recordNames decodes the RTM_NEW* messages of a reply with jsimonetti
// and names each record: a link's name, an address, a route's
// destination and table, a neighbour's address.
func recordNames(t testing.TB, msgs []netlink.Message) []string {
	t.Helper()
	var out []string
	for _, m := range msgs {
		switch uint16(m.Header.Type) {
		case linux.RTM_NEWLINK:
			var l rtnetlink.LinkMessage
			require.NoError(t, l.UnmarshalBinary(m.Data))
			out = append(out, l.Attributes.Name)
		case linux.RTM_NEWADDR:
			var a rtnetlink.AddressMessage
			require.NoError(t, a.UnmarshalBinary(m.Data))
			out = append(out, fmt.Sprintf("%s/%d", a.Attributes.Address, a.PrefixLength))
		case linux.RTM_NEWROUTE:
			var r rtnetlink.RouteMessage
			require.NoError(t, r.UnmarshalBinary(m.Data))
			dst := "default"
			if r.Attributes.Dst != nil {
				dst = fmt.Sprintf("%s/%d", r.Attributes.Dst, r.DstLength)
			}
			out = append(out, fmt.Sprintf("%s@%d", dst, r.Attributes.Table))
		case linux.RTM_NEWNEIGH:
			var n rtnetlink.NeighMessage
			require.NoError(t, n.UnmarshalBinary(m.Data))
			out = append(out, n.Attributes.Address.String())
		}
	}
	return out
}

// With strict checking, which rtnlx always asks for, a dump request
// shorter than its family's header (a legacy rtgenmsg) is EINVAL, in
// NLMSG_DONE, as the kernel answers it.
func TestDumpShortHeader(t *testing.T) {
	for _, typ := range []uint16{linux.RTM_GETLINK, linux.RTM_GETADDR, linux.RTM_GETROUTE, linux.RTM_GETNEIGH} {
		_, c := open(t, fixture(t))
		msgs, _ := exchange(t, c, request(t, typ, dumpFlags, 42, []byte{0}), 1<<16)
		require.Len(t, msgs, 1)
		require.Equal(t, netlink.Done, msgs[0].Header.Type)
		require.Equal(t, syscall.EINVAL, errnoIn(t, msgs[0]))
	}
}

func TestDumps(t *testing.T) {
	tests := []struct {
		name     string
		typ      uint16
		body     []byte
		want     []string
		filtered bool
	}{
		{"links", linux.RTM_GETLINK, ifinfomsg(0, attrU32(linux.IFLA_EXT_MASK, 1)), []string{"lo", "eth0", "eth1", "br0"}, false},
		{"links of master", linux.RTM_GETLINK, ifinfomsg(0, attrU32(linux.IFLA_MASTER, 4)), []string{"eth0"}, true},
		{"links of kind", linux.RTM_GETLINK, ifinfomsg(0, attrNestedKind("bridge")), []string{"br0"}, true},
		{"links AF_INET (no handler of its own: all links)", linux.RTM_GETLINK, append([]byte{linux.AF_INET}, make([]byte, 15)...), []string{"lo", "eth0", "eth1", "br0"}, false},
		{"links AF_BRIDGE (bridge port info is not emulated)", linux.RTM_GETLINK, append([]byte{linux.AF_BRIDGE}, make([]byte, 15)...), nil, false},
		{"addrs, IPv4 before IPv6", linux.RTM_GETADDR, ifaddrmsg(0, 0, 0), []string{"127.0.0.1/8", "10.1.0.2/24", "10.2.0.2/24", "::1/128", "fd00::2/64"}, false},
		{"addrs IPv6", linux.RTM_GETADDR, ifaddrmsg(linux.AF_INET6, 0, 0), []string{"::1/128", "fd00::2/64"}, false},
		{"addrs of link", linux.RTM_GETADDR, ifaddrmsg(0, 0, 2), []string{"10.1.0.2/24", "fd00::2/64"}, true},
		{"addrs of other family (no handler of its own: all)", linux.RTM_GETADDR, ifaddrmsg(17, 0, 0), []string{"127.0.0.1/8", "10.1.0.2/24", "10.2.0.2/24", "::1/128", "fd00::2/64"}, false},
		{"routes", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, 0), []string{"default@254", "10.1.0.0/24@254", "10.2.0.0/24@254", "127.0.0.1/32@255", "192.168.0.0/16@100", "10.9.0.0/16@254", "fd00::/64@254", "fd01::/64@100"}, false},
		{"routes of rtm_table", linux.RTM_GETROUTE, rtmsg(0, 100, 0, 0, 0), []string{"192.168.0.0/16@100", "fd01::/64@100"}, true},
		{"routes of RTA_TABLE", linux.RTM_GETROUTE, rtmsg(linux.AF_INET, 0, 0, 0, 0, attrU32(linux.RTA_TABLE, 100)), []string{"192.168.0.0/16@100"}, true},
		{"routes of RTA_OIF (multipath too)", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, 0, attrU32(linux.RTA_OIF, 3)), []string{"10.2.0.0/24@254", "192.168.0.0/16@100", "10.9.0.0/16@254", "fd01::/64@100"}, true},
		{"routes of protocol", linux.RTM_GETROUTE, rtmsg(0, 0, 2, 0, 0), []string{"fd00::/64@254", "fd01::/64@100"}, true},
		{"routes of type", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 2, 0), nil, true},
		{"routes cloned", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, linux.RTM_F_CLONED), nil, true},
		{"routes of missing table, AF_UNSPEC", linux.RTM_GETROUTE, rtmsg(0, 77, 0, 0, 0), nil, true},
		{"neighbours", linux.RTM_GETNEIGH, ndmsg(0, 0, 0), []string{"10.1.0.1", "10.2.0.1", "fd00::1"}, false},
		{"neighbours of link", linux.RTM_GETNEIGH, ndmsg(0, 0, 0, attrU32(linux.NDA_IFINDEX, 2)), []string{"10.1.0.1", "fd00::1"}, true},
		{"IPv4 prefix routes (none)", linux.RTM_GETROUTE, rtmsg(linux.AF_INET, 0, 0, 0, linux.RTM_F_PREFIX), nil, true},
		{"neighbours of master", linux.RTM_GETNEIGH, ndmsg(0, 0, 0, attrU32(linux.NDA_MASTER, 4)), []string{"10.1.0.1", "fd00::1"}, true},
		{"proxy neighbours", linux.RTM_GETNEIGH, ndmsg(0, 0, linux.NTF_PROXY), []string{"10.1.0.99"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			msgs, _ := exchange(t, c, request(t, tt.typ, dumpFlags, 42, tt.body), 1<<16)
			require.Equal(t, tt.want, recordNames(t, msgs))
			last := msgs[len(msgs)-1]
			require.Equal(t, netlink.Done, last.Header.Type)
			// Filtered address and route dumps flag their NLMSG_DONE
			// too (cb->answer_flags); link and neighbour dumps do not.
			doneFlags := netlink.Multi
			if tt.filtered && (tt.typ == linux.RTM_GETADDR || tt.typ == linux.RTM_GETROUTE) {
				doneFlags |= linux.NLM_F_DUMP_FILTERED
			}
			require.Equal(t, doneFlags, last.Header.Flags)
			require.Equal(t, []byte{0, 0, 0, 0}, last.Data, "NLMSG_DONE carries int32 0")
			for _, m := range msgs {
				require.Equal(t, uint32(42), m.Header.Sequence)
				require.Equal(t, c.PortID(), m.Header.PID)
				if m.Header.Type != netlink.Done {
					want := netlink.Multi
					// A strict kernel flags every route record.
					if tt.filtered || tt.typ == linux.RTM_GETROUTE {
						want |= linux.NLM_F_DUMP_FILTERED
					}
					require.Equal(t, want, m.Header.Flags)
				}
			}
		})
	}
}

func TestDumpErrors(t *testing.T) {
	tests := []struct {
		name string
		typ  uint16
		body []byte
		want syscall.Errno
	}{
		{"link dump with ifi_index", linux.RTM_GETLINK, ifinfomsg(2), syscall.EINVAL},
		{"link dump with ifi_flags", linux.RTM_GETLINK, []byte{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, syscall.EINVAL},
		{"link dump with IFLA_MTU", linux.RTM_GETLINK, ifinfomsg(0, attrU32(linux.IFLA_MTU, 1500)), syscall.EINVAL},
		{"addr dump with prefix length", linux.RTM_GETADDR, ifaddrmsg(0, 8, 0), syscall.EINVAL},
		{"addr dump with IFA_LOCAL", linux.RTM_GETADDR, append(ifaddrmsg(0, 0, 0), attrU32(linux.IFA_LOCAL, 1)...), syscall.EINVAL},
		{"addr dump of missing link", linux.RTM_GETADDR, ifaddrmsg(linux.AF_INET, 0, 99), syscall.ENODEV},
		{"route dump with dst length", linux.RTM_GETROUTE, []byte{linux.AF_INET, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, syscall.EINVAL},
		{"route dump with bad flags", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, 1), syscall.EINVAL},
		{"route dump with RTA_DST", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, 0, attrU32(linux.RTA_DST, 0)), syscall.EINVAL},
		{"route dump of missing IPv4 table", linux.RTM_GETROUTE, rtmsg(linux.AF_INET, 77, 0, 0, 0), syscall.ENOENT},
		{"route dump of missing oif", linux.RTM_GETROUTE, rtmsg(0, 0, 0, 0, 0, attrU32(linux.RTA_OIF, 99)), syscall.ENODEV},
		{"neigh dump with state", linux.RTM_GETNEIGH, []byte{0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0}, syscall.EINVAL},
		{"neigh dump with ndm_ifindex", linux.RTM_GETNEIGH, ndmsg(linux.AF_INET, 3, 0), syscall.EINVAL},
		{"neigh dump with bad flags", linux.RTM_GETNEIGH, ndmsg(0, 0, 0x01), syscall.EINVAL},
		{"neigh dump with NDA_DST", linux.RTM_GETNEIGH, ndmsg(0, 0, 0, attrU32(linux.NDA_DST, 1)), syscall.EINVAL},
		{"malformed attribute", linux.RTM_GETLINK, ifinfomsg(0, []byte{2, 0, 1, 0}), syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			msgs, _ := exchange(t, c, request(t, tt.typ, dumpFlags, 7, tt.body), 1<<16)
			require.Len(t, msgs, 1, "the kernel ends a failed dump with NLMSG_DONE alone")
			require.Equal(t, netlink.Done, msgs[0].Header.Type)
			require.Equal(t, tt.want, errnoIn(t, msgs[0]))
		})
	}
}

func TestDumpSplitsDatagrams(t *testing.T) {
	mem := NewMemory()
	var routes []rtnetlink.RouteMessage
	for i := range 3000 {
		routes = append(routes, testRoute4(254, fmt.Sprintf("10.%d.%d.0/24", i/256, i%256), 2, uint32(i)))
	}
	require.NoError(t, mem.Load(&Snapshot{Routes: routes}))
	for _, size := range []int{512, 4096, 32 << 10, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			_, c := open(t, mem)
			msgs, datagrams := exchange(t, c, request(t, linux.RTM_GETROUTE, dumpFlags, 1, rtmsg(0, 0, 0, 0, 0)), size)
			require.Len(t, msgs, 3001)
			limit := min(size, 32<<10)
			total := 0
			for _, d := range datagrams {
				require.LessOrEqual(t, len(d), limit)
				total += len(d)
			}
			// Datagrams are filled: only the last may be short by more
			// than one record.
			require.LessOrEqual(t, len(datagrams), total/(limit-200)+1)
			require.Equal(t, netlink.Done, msgs[3000].Header.Type)
		})
	}
}

func TestGetLink(t *testing.T) {
	tests := []struct {
		name  string
		body  []byte
		flags netlink.HeaderFlags
		want  string
		errno syscall.Errno
	}{
		{"by index", ifinfomsg(2, attrU32(linux.IFLA_EXT_MASK, 1)), 0, "eth0", 0},
		{"by name", ifinfomsg(0, attrString(linux.IFLA_IFNAME, "br0")), 0, "br0", 0},
		{"by index with ack", ifinfomsg(3), netlink.Acknowledge, "eth1", 0},
		{"missing index", ifinfomsg(99), 0, "", syscall.ENODEV},
		{"missing name", ifinfomsg(0, attrString(linux.IFLA_IFNAME, "nope")), 0, "", syscall.ENODEV},
		{"neither", ifinfomsg(0), 0, "", syscall.EINVAL},
		{"short header", []byte{0, 0, 0, 0}, 0, "", syscall.EINVAL},
		{"unsupported attribute", ifinfomsg(2, attrU32(linux.IFLA_MTU, 1)), 0, "", syscall.EINVAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			req := request(t, linux.RTM_GETLINK, netlink.Request|tt.flags, 9, tt.body)
			msgs, datagrams := exchange(t, c, req, 1<<16)
			for _, m := range msgs {
				require.Equal(t, uint32(9), m.Header.Sequence)
				require.Equal(t, c.PortID(), m.Header.PID)
			}
			if tt.errno != 0 {
				require.Len(t, msgs, 1)
				require.Equal(t, netlink.Error, msgs[0].Header.Type)
				require.Equal(t, tt.errno, errnoIn(t, msgs[0]))
				require.Equal(t, req, msgs[0].Data[4:4+len(req)], "an error echoes the whole request")
				return
			}
			require.Equal(t, []string{tt.want}, recordNames(t, msgs[:1]))
			require.Equal(t, netlink.HeaderFlags(0), msgs[0].Header.Flags)
			require.Len(t, datagrams, 1)
			require.Len(t, msgs, 1)
			if tt.flags&netlink.Acknowledge != 0 {
				d, err := mustRecv(t, c)
				require.NoError(t, err)
				ack := parse(t, d)
				require.Len(t, ack, 1, "the ack is a datagram of its own")
				require.Equal(t, netlink.Error, ack[0].Header.Type)
				require.Equal(t, syscall.Errno(0), errnoIn(t, ack[0]))
			}
			noRecv(t, c)
		})
	}
}

func TestGetAddrIPv6(t *testing.T) {
	_, c := open(t, fixture(t))
	for _, index := range []uint32{0, 2} {
		msgs, _ := exchange(t, c, request(t, linux.RTM_GETADDR, netlink.Request, 6, append(ifaddrmsg(linux.AF_INET6, 0, index), attrIP(linux.IFA_ADDRESS, "fd00::2")...)), 1<<16)
		require.Equal(t, []string{"fd00::2/64"}, recordNames(t, msgs))
		require.Equal(t, netlink.HeaderFlags(0), msgs[0].Header.Flags)
	}
}

func TestProtocolErrors(t *testing.T) {
	long := request(t, linux.RTM_GETLINK, netlink.Request, 5, ifinfomsg(1))
	binary.NativeEndian.PutUint32(long, 400) // longer than the datagram
	short := request(t, linux.RTM_GETLINK, netlink.Request, 5, ifinfomsg(1))
	binary.NativeEndian.PutUint32(short, 8) // shorter than a header
	tests := []struct {
		name  string
		req   []byte
		errno syscall.Errno
	}{
		{"unknown RTNL type", request(t, 38 /* RTM_GETQDISC */, netlink.Request, 5, make([]byte, 20)), syscall.EOPNOTSUPP},
		{"type beyond RTM_MAX", request(t, 500, netlink.Request, 5, make([]byte, 20)), syscall.EOPNOTSUPP},
		{"DELLINK", request(t, linux.RTM_DELLINK, netlink.Request, 5, ifinfomsg(2)), syscall.EOPNOTSUPP},
		{"GETROUTE lookup without destination", request(t, linux.RTM_GETROUTE, netlink.Request, 5, rtmsg(linux.AF_INET, 0, 0, 0, 0)), syscall.EINVAL},
		{"GETADDR IPv4 (no such handler)", request(t, linux.RTM_GETADDR, netlink.Request, 5, ifaddrmsg(linux.AF_INET, 0, 2)), syscall.EOPNOTSUPP},
		{"GETADDR IPv6 missing", request(t, linux.RTM_GETADDR, netlink.Request, 5, append(ifaddrmsg(linux.AF_INET6, 0, 2), attrIP(linux.IFA_ADDRESS, "fd00::99")...)), syscall.EADDRNOTAVAIL},
		// inet6_rtm_getaddr looks on every link when the index names none.
		{"GETADDR IPv6 missing link", request(t, linux.RTM_GETADDR, netlink.Request, 5, append(ifaddrmsg(linux.AF_INET6, 0, 99), attrIP(linux.IFA_ADDRESS, "fd00::99")...)), syscall.EADDRNOTAVAIL},
		{"GETADDR IPv6 without address", request(t, linux.RTM_GETADDR, netlink.Request, 5, ifaddrmsg(linux.AF_INET6, 0, 2)), syscall.EINVAL},
		{"length beyond datagram", long, syscall.EINVAL},
		{"length below header", short, syscall.EINVAL},
		{"NEWADDR short header", request(t, linux.RTM_NEWADDR, netlink.Request, 5, []byte{linux.AF_INET, 24, 0, 0}), syscall.EINVAL},
		{"NEWADDR other family", request(t, linux.RTM_NEWADDR, netlink.Request, 5, ifaddrmsg(linux.AF_BRIDGE, 0, 1)), syscall.EOPNOTSUPP},
		{"NEWROUTE bad prefix", request(t, linux.RTM_NEWROUTE, netlink.Request, 5, []byte{linux.AF_INET, 33, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0}), syscall.EINVAL},
		{"NEWNEIGH other family", request(t, linux.RTM_NEWNEIGH, netlink.Request, 5, ndmsg(5, 2, 0, attrU32(linux.NDA_DST, 1))), syscall.EAFNOSUPPORT},
		{"NEWNEIGH other family, no address (checked first)", request(t, linux.RTM_NEWNEIGH, netlink.Request, 5, ndmsg(5, 2, 0)), syscall.EINVAL},
		{"GETNEIGH missing", request(t, linux.RTM_GETNEIGH, netlink.Request, 5, ndmsg(linux.AF_INET, 2, 0, []byte{8, 0, linux.NDA_DST, 0, 10, 9, 9, 9})), syscall.ENOENT},
		{"GETNEIGH missing link", request(t, linux.RTM_GETNEIGH, netlink.Request, 5, ndmsg(linux.AF_INET, 99, 0, []byte{8, 0, linux.NDA_DST, 0, 10, 9, 9, 9})), syscall.ENODEV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			msgs, _ := exchange(t, c, tt.req, 1<<16)
			require.Len(t, msgs, 1)
			require.Equal(t, netlink.Error, msgs[0].Header.Type)
			require.Equal(t, uint32(5), msgs[0].Header.Sequence)
			require.Equal(t, c.PortID(), msgs[0].Header.PID)
			require.Equal(t, tt.errno, errnoIn(t, msgs[0]))
			require.Equal(t, tt.req[:16], msgs[0].Data[4:20], "the error echoes the request header")
		})
	}
}

func TestAcks(t *testing.T) {
	tests := []struct {
		name  string
		req   []byte
		reply bool
	}{
		{"NOOP with ack", request(t, 1, netlink.Request|netlink.Acknowledge, 3, nil), true},
		{"control message without ack", request(t, 1, netlink.Request, 3, nil), false},
		{"not a request, with ack", request(t, linux.RTM_GETLINK, netlink.Acknowledge, 3, ifinfomsg(1)), true},
		{"not a request", request(t, linux.RTM_GETLINK, 0, 3, ifinfomsg(1)), false},
		{"empty RTNL body with ack", request(t, linux.RTM_GETLINK, netlink.Request|netlink.Acknowledge, 3, nil), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := open(t, fixture(t))
			if !tt.reply {
				require.NoError(t, c.Send(context.Background(), tt.req))
				noRecv(t, c)
				return
			}
			msgs, _ := exchange(t, c, tt.req, 1<<16)
			require.Len(t, msgs, 1)
			m := msgs[0]
			require.Equal(t, netlink.Error, m.Header.Type)
			require.Equal(t, netlink.HeaderFlags(linux.NLM_F_CAPPED), m.Header.Flags, "an ack is capped")
			require.Equal(t, syscall.Errno(0), errnoIn(t, m))
			require.Equal(t, tt.req[:16], m.Data[4:], "an ack carries the request header only")
		})
	}
}

func TestSendRefusesShortDatagram(t *testing.T) {
	_, c := open(t, fixture(t))
	require.ErrorIs(t, c.Send(context.Background(), []byte{1, 2, 3}), syscall.EINVAL)
}

func TestSeveralRequestsInOneDatagram(t *testing.T) {
	_, c := open(t, fixture(t))
	a := request(t, linux.RTM_GETLINK, netlink.Request, 1, ifinfomsg(1))
	b := request(t, linux.RTM_GETLINK, netlink.Request, 2, ifinfomsg(99))
	require.NoError(t, c.Send(context.Background(), append(a, b...)))
	d, err := mustRecv(t, c)
	require.NoError(t, err)
	require.Equal(t, []string{"lo"}, recordNames(t, parse(t, d)))
	d, err = mustRecv(t, c)
	require.NoError(t, err)
	m := parse(t, d)
	require.Equal(t, uint32(2), m[0].Header.Sequence)
	require.Equal(t, syscall.ENODEV, errnoIn(t, m[0]))
}

func TestOneDumpAtATime(t *testing.T) {
	_, c := open(t, fixture(t))
	ctx := context.Background()
	require.NoError(t, c.Send(ctx, request(t, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0))))
	msgs, _ := exchange(t, c, request(t, linux.RTM_GETADDR, dumpFlags, 2, ifaddrmsg(0, 0, 0)), 1<<16)
	// The first dump's reply comes first, then EBUSY for the second.
	last := msgs[len(msgs)-1]
	require.Equal(t, netlink.Error, last.Header.Type)
	require.Equal(t, uint32(2), last.Header.Sequence)
	require.Equal(t, syscall.EBUSY, errnoIn(t, last))
	// Once the first is read to its end, a new dump starts.
	msgs, _ = exchange(t, c, request(t, linux.RTM_GETADDR, dumpFlags, 3, ifaddrmsg(0, 0, 0)), 1<<16)
	require.Len(t, recordNames(t, msgs), 5)
}

func TestDatagramLongerThanBuffer(t *testing.T) {
	_, c := open(t, fixture(t))
	ctx := context.Background()
	require.NoError(t, c.Send(ctx, request(t, linux.RTM_GETLINK, netlink.Request, 1, ifinfomsg(2))))
	require.NoError(t, c.Send(ctx, request(t, linux.RTM_GETLINK, netlink.Request, 2, ifinfomsg(3))))
	buf := make([]byte, 32)
	_, err := c.Receive(ctx, buf)
	require.ErrorIs(t, err, syscall.EMSGSIZE)
	d, err := mustRecv(t, c)
	require.NoError(t, err)
	require.Equal(t, []string{"eth1"}, recordNames(t, parse(t, d)), "the datagram that did not fit is dropped, not truncated")

	// A dump read with a tiny buffer loses each record that does not fit
	// but still ends.
	require.NoError(t, c.Send(ctx, request(t, linux.RTM_GETLINK, dumpFlags, 3, ifinfomsg(0))))
	for i := range 4 {
		_, err = c.Receive(ctx, buf)
		require.ErrorIs(t, err, syscall.EMSGSIZE, "record %d", i)
	}
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	require.Equal(t, netlink.Done, parse(t, buf[:n])[0].Header.Type)
}

func TestPortIDs(t *testing.T) {
	tr, c1 := open(t, fixture(t))
	seen := map[uint32]bool{c1.PortID(): true}
	for range 5 {
		c, err := tr.Dial(context.Background())
		require.NoError(t, err)
		require.NotZero(t, c.PortID())
		require.False(t, seen[c.PortID()])
		seen[c.PortID()] = true
		msgs, _ := exchange(t, c, request(t, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0)), 1<<16)
		for _, m := range msgs {
			require.Equal(t, c.PortID(), m.Header.PID)
		}
	}
}

func TestCloseUnblocksReceive(t *testing.T) {
	tr, c := open(t, fixture(t))
	errc := make(chan error, 1)
	go func() {
		_, err := c.Receive(context.Background(), make([]byte, 4096))
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	require.NoError(t, c.Close())
	select {
	case err := <-errc:
		require.ErrorIs(t, err, net.ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("Receive did not return after Close")
	}
	require.ErrorIs(t, c.Send(context.Background(), request(t, linux.RTM_GETLINK, netlink.Request, 1, ifinfomsg(1))), net.ErrClosed)
	require.ErrorIs(t, c.JoinGroup(1), net.ErrClosed)
	require.NoError(t, c.Close())

	require.NoError(t, tr.Close())
	_, err := tr.Dial(context.Background())
	require.ErrorIs(t, err, net.ErrClosed)
}

func TestReceiveHonoursContext(t *testing.T) {
	_, c := open(t, fixture(t))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Receive(ctx, make([]byte, 4096))
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestDumpOfUnreadableSource(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		errno syscall.Errno
	}{
		{"plain error", fmt.Errorf("routing socket gone"), syscall.EIO},
		{"errno", syscall.EPERM, syscall.EPERM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := fixture(t)
			mem.FailSnapshots(tt.err)
			_, c := open(t, mem)
			msgs, _ := exchange(t, c, request(t, linux.RTM_GETROUTE, dumpFlags, 8, rtmsg(0, 0, 0, 0, 0)), 1<<16)
			require.Len(t, msgs, 1)
			require.Equal(t, netlink.Done, msgs[0].Header.Type)
			require.Equal(t, tt.errno, errnoIn(t, msgs[0]))
		})
	}
}

// blockingSource blocks every read until its context ends.
type blockingSource struct{}

func (blockingSource) Snapshot(ctx context.Context, kinds Kind) (*Snapshot, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestSendHonoursContext(t *testing.T) {
	_, c := open(t, fixture(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, c.Send(ctx, request(t, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0))), context.Canceled)
	noRecv(t, c)

	// A read that outlives the request's context answers nothing: Send
	// returns the context's error.
	_, c = open(t, blockingSource{})
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, c.Send(ctx, request(t, linux.RTM_GETROUTE, dumpFlags, 2, rtmsg(0, 0, 0, 0, 0))), context.DeadlineExceeded)
	noRecv(t, c)
	c.mu.Lock()
	defer c.mu.Unlock()
	require.False(t, c.dumping, "an abandoned dump does not leave the connection busy")
}

// A source's oversized values (no kernel has them) cost the attribute,
// never the framing.
func TestOversizedValuesKeepMessagesWellFormed(t *testing.T) {
	mem := NewMemory()
	l := testLink(2, "eth0", true)
	l.Attributes.Alias = strp(string(make([]byte, 70000)))
	l.Attributes.Info = &rtnetlink.LinkInfo{Kind: "veth", Data: &rtnetlink.LinkData{Name: "veth", Data: make([]byte, 70000)}}
	require.NoError(t, mem.PutLink(l))
	r := testRoute4(254, "10.0.0.0/8", 0, 0)
	for i := range 9000 {
		r.Attributes.Multipath = append(r.Attributes.Multipath, rtnetlink.NextHop{Hop: rtnetlink.RTNextHop{IfIndex: uint32(i)}})
	}
	require.NoError(t, mem.PutRoute(r))
	_, c := open(t, mem)
	msgs, _ := exchange(t, c, request(t, linux.RTM_GETLINK, dumpFlags, 1, ifinfomsg(0)), 1<<20)
	require.Equal(t, []string{"eth0"}, recordNames(t, msgs))
	msgs, _ = exchange(t, c, request(t, linux.RTM_GETROUTE, dumpFlags, 2, rtmsg(0, 0, 0, 0, 0)), 1<<20)
	require.Equal(t, []string{"10.0.0.0/8@254"}, recordNames(t, msgs))
}
