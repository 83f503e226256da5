package rtnlemu

import (
	"iter"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A route's next hops (RTA_MULTIPATH) and encapsulations, as both
// families read them.

// countNexthops is fib_count_nexthops: the struct rtnexthop entries of an
// RTA_MULTIPATH, 0 when bytes are left over.
func countNexthops(mp []byte) int {
	n := 0
	for len(mp) >= 8 {
		l := int(ne.Uint16(mp))
		if l < 8 || l > len(mp) {
			break
		}
		n++
		mp = mp[min(len(mp), nlmsg.Align(l)):]
	}
	if len(mp) > 0 {
		return 0
	}
	return n
}

// A nexthop is one struct rtnexthop of an RTA_MULTIPATH.
type nexthop struct {
	flags uint8
	hops  uint8
	index uint32
	attrs []byte
}

// nexthops yields the next hops of an RTA_MULTIPATH that countNexthops
// found well formed.
func nexthops(mp []byte) iter.Seq[nexthop] {
	return func(yield func(nexthop) bool) {
		for len(mp) >= 8 {
			l := int(ne.Uint16(mp))
			if l < 8 || l > len(mp) {
				return
			}
			if !yield(nexthop{flags: mp[2], hops: mp[3], index: ne.Uint32(mp[4:]), attrs: mp[8:l]}) {
				return
			}
			mp = mp[min(len(mp), nlmsg.Align(l)):]
		}
	}
}

// checkEncapType is lwtunnel_valid_encap_type as a kernel answers it
// whose MPLS, IP, IP6 and BPF encapsulations are built (Debian's
// builds IP, IP6 and BPF in and MPLS as a module): an unknown type is
// EINVAL, a type not built EOPNOTSUPP.
func checkEncapType(typ uint16) error {
	switch typ {
	case linux.LWTUNNEL_ENCAP_MPLS, linux.LWTUNNEL_ENCAP_IP, linux.LWTUNNEL_ENCAP_IP6, linux.LWTUNNEL_ENCAP_BPF:
		return nil
	case linux.LWTUNNEL_ENCAP_NONE:
	default:
		if typ <= linux.LWTUNNEL_ENCAP_MAX {
			return kerr(syscall.EOPNOTSUPP, "lwt encapsulation type not supported")
		}
	}
	return kerr(syscall.EINVAL, "Unknown lwt encapsulation type")
}

// checkHopEncapTypes is lwtunnel_valid_encap_type_attr: the first
// RTA_ENCAP_TYPE of each next hop of an RTA_MULTIPATH is two bytes at
// least and a type checkEncapType takes (EOPNOTSUPP for any other).
func checkHopEncapTypes(mp []byte) error {
	for nh := range nexthops(mp) {
		t := firstAttr(nh.attrs, linux.RTA_ENCAP_TYPE)
		switch {
		case t == nil:
		case len(t) < 2:
			return kerr(syscall.EINVAL, "Invalid RTA_ENCAP_TYPE")
		case checkEncapType(ne.Uint16(t)) != nil:
			return kerr(syscall.EOPNOTSUPP, "lwt encapsulation type not supported")
		}
	}
	return nil
}
