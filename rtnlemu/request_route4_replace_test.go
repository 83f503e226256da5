package rtnlemu

import (
	"net"
	"syscall"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// An IPv4 NLM_F_REPLACE by the route that is there already changes and
// echoes nothing (fib_table_insert); another replace echoes the new route
// alone, not the one it replaced; an IPv4 route added beside another of
// its prefix without NLM_F_APPEND goes first, so a replace by the later
// one is EEXIST.
func TestRoute4Replace(t *testing.T) {
	_, c := open(t, fixture(t))
	route := func(typ uint8, flags uint32, dst string, oif uint32) []byte {
		r := rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: 24, Table: 254, Protocol: 3, Type: typ, Flags: flags,
			Attributes: rtnetlink.RouteAttributes{Dst: net.ParseIP(dst).To4(), OutIface: oif}}
		if oif != 0 {
			r.Scope = linux.RT_SCOPE_LINK
		}
		return marshal(t, &r)
	}
	// answers sends a request and reads until its ack: the types of what
	// came before the ack, and the ack's errno.
	answers := func(seq uint32, flags netlink.HeaderFlags, body []byte) ([]netlink.HeaderType, syscall.Errno) {
		req := request(t, linux.RTM_NEWROUTE, netlink.Request|netlink.Echo|netlink.Acknowledge|flags, seq, body)
		msgs, _ := exchange(t, c, req, 1<<16)
		var types []netlink.HeaderType
		for {
			for _, m := range msgs {
				if m.Header.Type == netlink.Error {
					return types, errnoIn(t, m)
				}
				types = append(types, m.Header.Type)
			}
			d, err := mustRecv(t, c)
			require.NoError(t, err)
			msgs = parse(t, d)
		}
	}
	newRoute := []netlink.HeaderType{linux.RTM_NEWROUTE}
	tests := []struct {
		name  string
		flags netlink.HeaderFlags
		body  []byte
		echo  []netlink.HeaderType
		errno syscall.Errno
	}{
		{"add", netlink.Create | netlink.Excl, route(linux.RTN_PROHIBIT, linux.RTM_F_EQUALIZE, "198.18.0.0", 0), newRoute, 0},
		{"replace by itself", netlink.Create | netlink.Replace, route(linux.RTN_PROHIBIT, linux.RTM_F_EQUALIZE, "198.18.0.0", 0), nil, 0},
		{"replace by itself without create", netlink.Replace, route(linux.RTN_PROHIBIT, 0, "198.18.0.0", 0), nil, 0},
		{"replace by onlink", netlink.Replace, route(linux.RTN_PROHIBIT, linux.RTNH_F_ONLINK, "198.18.0.0", 0), newRoute, 0},
		{"replace by a device route", netlink.Replace, route(linux.RTN_UNICAST, 0, "198.18.0.0", 3), newRoute, 0},
		{"add a blackhole beside", netlink.Create, route(linux.RTN_BLACKHOLE, 0, "198.18.0.0", 0), newRoute, 0},
		{"replace by the device route behind it", netlink.Replace, route(linux.RTN_UNICAST, 0, "198.18.0.0", 3), nil, syscall.EEXIST},
		{"replace by the blackhole", netlink.Replace, route(linux.RTN_BLACKHOLE, 0, "198.18.0.0", 0), nil, 0},
	}
	for i, tt := range tests {
		echo, errno := answers(uint32(10+i), tt.flags, tt.body)
		require.Equal(t, tt.echo, echo, tt.name)
		require.Equal(t, tt.errno, errno, tt.name)
	}
}
