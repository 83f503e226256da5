// Package ipset manages the kernel's IP sets over NETLINK_NETFILTER, typed
// with net/netip, speaking the protocol the ipset tool speaks (version 7)
// through an [nlsock.Conn].
//
// This version handles the set types hash:ip, hash:net, hash:ip,port and
// hash:net,port in both families, with the create options timeout,
// counters, comment, hashsize and maxelem, and entries with ports and
// protocols (tcp, udp, sctp, udplite), nomatch, per-entry timeouts,
// counters and comments; other types are refused with a clear error.
// Kernel errors become [*Error] values carrying what the ipset tool
// prints for them.
package ipset

import (
	"fmt"
	"net/netip"
	"strings"
)

// Families a set holds.
const (
	Inet  Family = 2  // NFPROTO_IPV4
	Inet6 Family = 10 // NFPROTO_IPV6
)

// A Family is an address family, as the ipset tool names it.
type Family uint8

func (f Family) String() string {
	switch f {
	case Inet:
		return "inet"
	case Inet6:
		return "inet6"
	}
	return fmt.Sprintf("family %d", uint8(f))
}

// A Set is a set's header and, when listed, its members.
type Set struct {
	Name     string
	Type     string // "hash:ip", "hash:net", "hash:ip,port", "hash:net,port"
	Family   Family // Inet when zero
	Revision uint8  // the type revision; 0 at create means the newest the kernel has

	HashSize uint32  // 0 at create: the kernel's default (1024)
	MaxElem  uint32  // 0 at create: the kernel's default (65536)
	Timeout  *uint32 // the default entry timeout in seconds; nil: entries cannot time out
	Counters bool    // entries count packets and bytes
	Comment  bool    // entries carry comments

	// Read back only.
	BucketSize uint8
	InitVal    uint32
	Entries    uint32
	References uint32
	MemSize    uint32

	Members []Entry
}

// An Entry is one member of a set: an address (or a network, for the
// net types), with a port and protocol for the port types.
type Entry struct {
	Addr  netip.Prefix // an address is a full-length prefix
	Proto uint8        // IPPROTO_TCP, IPPROTO_UDP, ...: port types only
	Port  uint16

	NoMatch bool    // a net entry that excludes its range
	Timeout *uint32 // seconds; nil: the set's default
	Packets *uint64 // counters, for a set with counters
	Bytes   *uint64
	Comment string
}

// setType says what a supported type's entries hold.
type setType struct {
	net, port bool
}

var setTypes = map[string]setType{
	"hash:ip":       {},
	"hash:net":      {net: true},
	"hash:ip,port":  {port: true},
	"hash:net,port": {net: true, port: true},
}

// protocols names the protocols a port entry may carry, as ipset prints
// them.
var protocols = map[uint8]string{6: "tcp", 17: "udp", 132: "sctp", 136: "udplite"}

// checkName refuses a set name the kernel cannot hold.
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("ipset: empty set name")
	case len(name) > 31:
		return fmt.Errorf("ipset: setname '%s' is longer than 31 characters", name)
	case strings.IndexByte(name, 0) >= 0:
		return fmt.Errorf("ipset: setname %q holds a NUL", name)
	}
	return nil
}

// check refuses an entry that does not fit a set of type t and family f.
func (t setType) check(typ string, f Family, e Entry) error {
	if !e.Addr.IsValid() {
		return fmt.Errorf("ipset: %s entry without an address", typ)
	}
	a := e.Addr.Addr()
	if (f == Inet6) != (a.Is6() && !a.Is4In6()) {
		return fmt.Errorf("ipset: %s entry %s: the set's family is %v", typ, e.Addr, f)
	}
	if !t.net && e.Addr.Bits() != a.BitLen() {
		return fmt.Errorf("ipset: %s entry %s: the type holds addresses, not networks", typ, e.Addr)
	}
	if e.Addr.Bits() == 0 {
		return fmt.Errorf("ipset: %s entry %s: a zero prefix length is not allowed", typ, e.Addr)
	}
	if !t.net && e.NoMatch {
		return fmt.Errorf("ipset: %s entry %s: nomatch is for net types", typ, e.Addr)
	}
	if t.port {
		if _, ok := protocols[e.Proto]; !ok {
			return fmt.Errorf("ipset: %s entry %s: protocol %d: want tcp, udp, sctp or udplite", typ, e.Addr, e.Proto)
		}
	} else if e.Port != 0 || e.Proto != 0 {
		return fmt.Errorf("ipset: %s entry %s: the type holds no ports", typ, e.Addr)
	}
	return nil
}
