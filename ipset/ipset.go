// Package ipset manages the kernel's IP sets over NETLINK_NETFILTER, typed
// with net/netip, speaking the protocol the ipset tool speaks (version 7)
// through an [nlsock.Conn].
//
// Every set type of the ipset tool is described (hash:ip, hash:ip,port,
// hash:ip,port,ip, hash:ip,port,net, hash:ip,mark, hash:net, hash:net,net,
// hash:net,port, hash:net,port,net, hash:net,iface, hash:mac, hash:ip,mac,
// bitmap:ip, bitmap:ip,mac, bitmap:port, list:set) with their create
// options (family, hashsize, maxelem, bucketsize, netmask, markmask,
// range, size, timeout, counters, comment, skbinfo, forceadd) and entry
// kinds (address and port ranges, networks, protocols, interfaces, MACs,
// marks, member sets with before/after, nomatch, timeouts, counters,
// comments, skbmark/skbprio/skbqueue). Which types a kernel has depends
// on its modules; a type it lacks is refused by the kernel with what the
// ipset tool says ("set type not supported"). Kernel errors become
// [*Error] values carrying the tool's text for them.
package ipset

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Families a set holds.
const (
	Unspec Family = 0  // NFPROTO_UNSPEC: bitmap:port and list:set
	Inet   Family = 2  // NFPROTO_IPV4
	Inet6  Family = 10 // NFPROTO_IPV6
)

// A Family is an address family, as the ipset tool names it.
type Family uint8

func (f Family) String() string {
	switch f {
	case Inet:
		return "inet"
	case Inet6:
		return "inet6"
	case Unspec:
		return "unspec"
	}
	return fmt.Sprintf("family %d", uint8(f))
}

// A Set is a set's header and, when listed, its members.
type Set struct {
	Name     string
	Type     string // "hash:ip", "hash:net,port", "bitmap:ip,mac", "list:set", ...
	Family   Family // hash types: Inet when zero; the others have theirs
	Revision uint8  // the type revision; 0 at create means the newest the kernel has

	// Hash types.
	HashSize   uint32 // 0 at create: the kernel's default (1024)
	MaxElem    uint32 // 0 at create: the kernel's default (65536)
	BucketSize uint8  // 0 at create: the kernel's default (12)
	MarkMask   uint32 // hash:ip,mark; 0: the kernel's default (all bits)

	// Netmask stores networks of this length in place of addresses
	// (hash:ip, bitmap:ip; hash:net,net); 0: none.
	Netmask uint8

	// From and To are the addresses a bitmap:ip or bitmap:ip,mac set
	// covers (the tool's "range"), PortFrom and PortTo the ports a
	// bitmap:port set covers.
	From, To         netip.Addr
	PortFrom, PortTo uint16

	Size uint32 // list:set: how many member sets it holds; 0 at create: 8

	Timeout  *uint32 // the default entry timeout in seconds; nil: entries cannot time out
	Counters bool    // entries count packets and bytes
	Comment  bool    // entries carry comments
	SkbInfo  bool    // entries carry skbmark, skbprio and skbqueue
	ForceAdd bool    // a full hash evicts a random entry to add one (the tool lists it not)

	// InitVal seeds a hash set's hash (0 at create: random); the same
	// seed and entries make the same order.
	InitVal uint32

	// Read back only.
	Entries    uint32
	References uint32
	MemSize    uint32

	Members []Entry
}

// An Entry is one member of a set. Which fields matter is the set type's
// business: its name lists its components in order (hash:net,port is
// Addr as a network, then Proto and Port).
type Entry struct {
	// Addr is the first ip or net component (an address is a
	// full-length prefix). For add and del, a shorter prefix in an ip
	// component, or AddrTo, makes a range the kernel adds address by
	// address (networks by network for a net component).
	Addr   netip.Prefix
	AddrTo netip.Addr

	// Proto and Port are the port component: a protocol number (6
	// tcp, 17 udp, 132 sctp, 136 udplite, 1 icmp, 58 icmpv6 with the
	// type and code as Port's high and low bytes; any other protocol
	// with port 0). bitmap:port has Port only (the tool's "tcp:PORT"
	// there is PORT). PortTo makes a range
	// for add and del.
	Proto  uint8
	Port   uint16
	PortTo uint16

	Addr2 netip.Prefix // the second ip or net component
	Mark  uint32       // hash:ip,mark
	Iface string       // hash:net,iface: a name; a trailing "+" matches every name it begins
	Phys  bool         // hash:net,iface: Iface is a bridge port (physdev:)

	// Wildcard is the kernel's other way to say what a trailing "+"
	// says (IPSET_FLAG_IFACE_WILDCARD); the tool prints it as the option
	// "wildcard" and itself sends the "+".
	Wildcard bool
	MAC      net.HardwareAddr // hash:mac, hash:ip,mac, bitmap:ip,mac (optional there)

	// list:set: the member set's name, and for add, del and test the
	// member it goes before (Before) or after (not Before); Ref "" puts
	// it at the end.
	Name   string
	Ref    string
	Before bool

	NoMatch bool    // a net entry that excludes its range
	Timeout *uint32 // seconds; nil: the set's default
	Packets *uint64 // counters, for a set with counters
	Bytes   *uint64
	Comment string

	// skbinfo, for a set with it: the mark (with SkbMarkMask; a zero
	// mask with a mark means all bits, as the tool's "skbmark MARK"),
	// the priority (major<<16 | minor) and the transmit queue. Zero
	// values are unset, as the kernel keeps them.
	SkbMark, SkbMarkMask uint32
	SkbPrio              uint32
	SkbQueue             uint16
}

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
