package rtnlemu

import (
	"context"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// The kernel parses change requests (RTM_NEWLINK, RTM_NEWADDR, ...) with
// nlmsg_parse_deprecated: attributes are checked against the handler's
// policy (lib/nlattr.c, validate_nla) liberally. A fixed-size value too
// short is ERANGE, a longer one is read for its first bytes; a string or
// binary value longer than the policy's length is ERANGE; attributes the
// policy does not know are ignored, and a malformed attribute ends the
// parse (the kernel warns about the bytes left over and goes on with
// what it read). The last of duplicated attributes wins.

// A rule is one attribute's policy.
type rule struct {
	size   int  // a fixed-size value (NLA_U8...NLA_U64, or a .len minimum): shorter is ERANGE
	maxLen int  // NLA_STRING/NLA_BINARY .len: longer is ERANGE
	str    bool // maxLen counts the string without its trailing NUL
	trim   bool // a longer fixed-size value is cut to size
}

var (
	u8Rule  = rule{size: 1, trim: true}
	u16Rule = rule{size: 2, trim: true}
	u32Rule = rule{size: 4, trim: true}
)

// Policies of the handlers rtnlemu serves (ifla_policy, ifa_ipv4_policy,
// ifa_ipv6_policy, rtm_ipv4_policy, rtm_ipv6_policy, nda_policy), for
// the attributes they bound.
var (
	linkPolicy = map[uint16]rule{
		1:  {maxLen: 32},             // IFLA_ADDRESS: MAX_ADDR_LEN
		2:  {maxLen: 32},             // IFLA_BROADCAST
		3:  {maxLen: 15, str: true},  // IFLA_IFNAME: IFNAMSIZ-1
		4:  u32Rule,                  // IFLA_MTU
		5:  u32Rule,                  // IFLA_LINK
		10: u32Rule,                  // IFLA_MASTER
		13: u32Rule,                  // IFLA_TXQLEN
		16: u8Rule,                   // IFLA_OPERSTATE
		17: u8Rule,                   // IFLA_LINKMODE
		20: {maxLen: 255, str: true}, // IFLA_IFALIAS: IFALIASZ-1
		27: u32Rule,                  // IFLA_GROUP
		29: u32Rule,                  // IFLA_EXT_MASK
		53: {maxLen: 127, str: true}, // IFLA_ALT_IFNAME: ALTIFNAMSIZ-1
	}
	addr4Policy = map[uint16]rule{
		1:  u32Rule,                 // IFA_ADDRESS
		2:  u32Rule,                 // IFA_LOCAL
		3:  {maxLen: 15, str: true}, // IFA_LABEL
		4:  u32Rule,                 // IFA_BROADCAST
		6:  {size: 16},              // IFA_CACHEINFO
		8:  u32Rule,                 // IFA_FLAGS
		9:  u32Rule,                 // IFA_RT_PRIORITY
		11: u8Rule,                  // IFA_PROTO
	}
	addr6Policy = map[uint16]rule{
		1:  {size: 16, trim: true}, // IFA_ADDRESS
		2:  {size: 16, trim: true}, // IFA_LOCAL
		6:  {size: 16},             // IFA_CACHEINFO
		8:  u32Rule,                // IFA_FLAGS
		9:  u32Rule,                // IFA_RT_PRIORITY
		11: u8Rule,                 // IFA_PROTO
	}
	route4Policy = map[uint16]rule{
		1:  u32Rule,   // RTA_DST
		2:  u32Rule,   // RTA_SRC
		3:  u32Rule,   // RTA_IIF
		4:  u32Rule,   // RTA_OIF
		5:  u32Rule,   // RTA_GATEWAY
		6:  u32Rule,   // RTA_PRIORITY
		7:  u32Rule,   // RTA_PREFSRC
		9:  {size: 8}, // RTA_MULTIPATH: struct rtnexthop
		11: u32Rule,   // RTA_FLOW
		15: u32Rule,   // RTA_TABLE
		21: u16Rule,   // RTA_ENCAP_TYPE
		25: u32Rule,   // RTA_UID
		27: u8Rule,    // RTA_IP_PROTO
		30: u32Rule,   // RTA_NH_ID
	}
	route6Policy = map[uint16]rule{
		3:  u32Rule,                // RTA_IIF
		4:  u32Rule,                // RTA_OIF
		5:  {size: 16, trim: true}, // RTA_GATEWAY
		6:  u32Rule,                // RTA_PRIORITY
		7:  {size: 16, trim: true}, // RTA_PREFSRC
		9:  {size: 8},              // RTA_MULTIPATH
		15: u32Rule,                // RTA_TABLE
		20: u8Rule,                 // RTA_PREF
		21: u16Rule,                // RTA_ENCAP_TYPE
		23: u32Rule,                // RTA_EXPIRES
		30: u32Rule,                // RTA_NH_ID
	}
	neighPolicy = map[uint16]rule{
		1:  {maxLen: 32}, // NDA_DST: MAX_ADDR_LEN
		2:  {maxLen: 32}, // NDA_LLADDR
		4:  u32Rule,      // NDA_PROBES
		5:  u16Rule,      // NDA_VLAN
		6:  u16Rule,      // NDA_PORT
		7:  u32Rule,      // NDA_VNI
		8:  u32Rule,      // NDA_IFINDEX
		9:  u32Rule,      // NDA_MASTER
		12: u8Rule,       // NDA_PROTOCOL
	}
)

// errPolicy is the kernel's answer to an attribute its policy refuses.
var errPolicy = kerr(syscall.ERANGE, "Attribute failed policy validation")

// liberalBody checks a change request's attributes against policy as
// nlmsg_parse_deprecated does, and returns the body as the handler
// reads it: its first hdrLen bytes, then the well-formed attributes
// with fixed-size values cut to their size and nothing after the first
// malformed one. leftover reports bytes the parse ignored, which the
// kernel reports in an extended ack while it goes on.
func liberalBody(body []byte, hdrLen int, policy map[uint16]rule) (out []byte, leftover bool, err error) {
	out = append(make([]byte, 0, len(body)), body[:hdrLen]...)
	b := body[hdrLen:]
	for len(b) >= linux.SizeofNlAttr {
		n := int(ne.Uint16(b[0:2]))
		if n < linux.SizeofNlAttr || n > len(b) {
			break
		}
		typ := ne.Uint16(b[2:4])
		val := b[linux.SizeofNlAttr:n]
		if r, ok := policy[typ&0x3fff]; ok {
			switch {
			case r.size > 0 && len(val) < r.size:
				return nil, false, errPolicy
			case r.maxLen > 0:
				l := len(val)
				if r.str && l > 0 && val[l-1] == 0 {
					l--
				}
				if l > r.maxLen {
					return nil, false, errPolicy
				}
			case r.trim && len(val) > r.size:
				val = val[:r.size]
			}
		}
		out = nlmsg.AppendAttr(out, typ, val)
		b = b[min(len(b), nlmsg.Align(n)):]
	}
	return out, len(b) > 0, nil
}

// Bounds the checks use.
const (
	ethMinMTU = 68
	ethMaxMTU = 0xffff
	// neighRecordEstimate bounds an encoded neighbour (ndmsg, address,
	// link-layer address, cache info, probes).
	neighRecordEstimate = 128
	// ip6RoutePrioUser is the metric of an IPv6 route added without one
	// (IP6_RT_PRIO_USER).
	ip6RoutePrioUser = 1024
)

// leftoverText is the extended ack the kernel attaches, even to a
// success, when a malformed attribute ended the parse.
const leftoverText = "bytes leftover after parsing attributes"

// liberal is liberalBody for a request of c: leftover bytes set the
// warning its acknowledgement carries.
func (c *Conn) liberal(body []byte, hdrLen int, policy map[uint16]rule) ([]byte, error) {
	out, leftover, err := liberalBody(body, hdrLen, policy)
	if err != nil {
		return nil, err
	}
	if leftover {
		c.warning = leftoverText
	}
	return out, nil
}

// hasAttr tells whether attrs holds an attribute of type typ.
func hasAttr(attrs []byte, typ uint16) bool {
	found := false
	forEachAttr(attrs, func(t uint16, _ []byte) bool {
		found = found || t == typ
		return true
	})
	return found
}

// linkExists tells whether the source has a link of that index.
func (c *Conn) linkExists(ctx context.Context, index uint32) bool {
	snap, err := c.t.src.Snapshot(ctx, KindLinks)
	if err != nil || snap == nil {
		return err != nil // let the setter report a source that fails
	}
	return hasLink(snap, index)
}

// findLink is the link of that index in the source, or nil.
func (c *Conn) findLink(ctx context.Context, index uint32) *rtnetlink.LinkMessage {
	snap, err := c.t.src.Snapshot(ctx, KindLinks)
	if err != nil || snap == nil {
		return nil
	}
	for i := range snap.Links {
		if snap.Links[i].Index == index {
			return &snap.Links[i]
		}
	}
	return nil
}

// checkMTU applies dev_validate_mtu to an IFLA_MTU in attrs: 0 is never
// valid, and links but loopback take ETH_MIN_MTU to ETH_MAX_MTU (the
// bounds of Ethernet, veth, bridge and tun devices; the kernel's are per
// driver).
func (c *Conn) checkMTU(ctx context.Context, m *rtnetlink.LinkMessage, attrs []byte) error {
	var mtu uint32
	set := false
	forEachAttr(attrs, func(typ uint16, data []byte) bool {
		if typ == 4 /* IFLA_MTU */ && len(data) >= 4 {
			mtu, set = ne.Uint32(data), true
		}
		return true
	})
	if !set {
		return nil
	}
	loopback := false
	if l := c.findLink(ctx, m.Index); l != nil {
		loopback = l.Type == linux.ARPHRD_LOOPBACK
	}
	switch {
	case mtu == 0 || !loopback && mtu < ethMinMTU:
		return kerr(syscall.EINVAL, "mtu less than device minimum")
	case !loopback && mtu > ethMaxMTU:
		return kerr(syscall.EINVAL, "mtu greater than device maximum")
	}
	return nil
}

// checkLLAddr applies neigh_add's and __neigh_update's checks of the
// link-layer address: shorter than the device's is EINVAL, and a new
// entry on a device with addresses needs one.
func (c *Conn) checkLLAddr(ctx context.Context, m *rtnetlink.NeighMessage) error {
	l := c.findLink(ctx, m.Index)
	if l == nil || l.Attributes == nil || len(l.Attributes.Address) == 0 {
		return nil
	}
	if m.Attributes.LLAddress != nil {
		if len(m.Attributes.LLAddress) < len(l.Attributes.Address) {
			return kerr(syscall.EINVAL, "Invalid link address")
		}
		return nil
	}
	snap, err := c.t.src.Snapshot(ctx, KindNeighbors)
	if err != nil || snap == nil {
		return nil
	}
	for i := range snap.Neighbors {
		n := &snap.Neighbors[i]
		if n.Index == m.Index && n.Family == m.Family && n.Attributes != nil && n.Attributes.Address.Equal(m.Attributes.Address) {
			return nil
		}
	}
	return kerr(syscall.EINVAL, "No link layer address given")
}

// routeTableExists tells whether the source has a route of family in
// table: the kernel creates a table with its first route; main and local
// always exist.
func (c *Conn) routeTableExists(ctx context.Context, family uint8, table uint32) bool {
	if table == linux.RT_TABLE_MAIN || table == linux.RT_TABLE_LOCAL {
		return true
	}
	snap, err := c.t.src.Snapshot(ctx, KindRoutes)
	if err != nil || snap == nil {
		return err != nil
	}
	for i := range snap.Routes {
		if r := &snap.Routes[i]; r.Family == family && routeTable(r) == table {
			return true
		}
	}
	return false
}
