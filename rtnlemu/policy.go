package rtnlemu

import (
	"bytes"
	"context"
	"syscall"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// Attribute policies, as lib/nlattr.c applies them (validate_nla and
// __nla_validate_parse) with the kernel's nla_policy tables. See
// policy_tables.go for the tables and the parse mode of each handler.

// nlaType is an nla_policy's .type.
type nlaType uint8

const (
	nlaUnspec nlaType = iota // only .len, a minimum, is checked
	nlaU8
	nlaU16
	nlaU32
	nlaU64
	nlaS32
	nlaBE32
	nlaString    // NLA_STRING: at least one byte, .len bounds it without a trailing NUL
	nlaNulString // NLA_NUL_STRING: a NUL within .len+1 bytes
	nlaBinary    // NLA_BINARY: .len bounds it
	nlaNested    // NLA_NESTED: empty, or at least an attribute header
	nlaReject    // NLA_REJECT: always refused
)

// fixedSize is nla_attr_len: the exact size of a fixed-size type (a
// shorter value is ERANGE; a longer one is only warned about, unless
// validation is strict).
func (t nlaType) fixedSize() int {
	switch t {
	case nlaU8:
		return 1
	case nlaU16:
		return 2
	case nlaU32, nlaS32, nlaBE32:
		return 4
	case nlaU64:
		return 8
	}
	return 0
}

// attrPolicy is one entry of an nla_policy table.
type attrPolicy struct {
	typ nlaType
	len int // .len
	// min is NLA_POLICY_MIN's bound (0: none), max NLA_POLICY_MAX's
	// (unsigned types; 0: none); mask is NLA_POLICY_MASK's (0: none).
	min, max, mask uint64
	// trim cuts a longer value to len when the request is handed on: the
	// kernel reads the first bytes of an over-long address.
	trim bool
}

// policy is an nla_policy table with its maxtype.
type policy struct {
	maxType uint16
	// strictStart is policy[0].strict_start_type: attributes from this
	// type on are validated strictly whatever the parse mode.
	strictStart uint16
	attrs       map[uint16]attrPolicy
}

// validation is the kernel's enum netlink_validation.
type validation uint8

const (
	validateTrailing validation = 1 << iota
	validateMaxType
	validateUnspec
	validateStrictAttrs
	validateNested

	// parseLiberal is nlmsg_parse_deprecated, what change requests use.
	parseLiberal validation = 0
	// parseDeprecatedStrict is nlmsg_parse_deprecated_strict, what
	// strictly checked dumps and gets use.
	parseDeprecatedStrict = validateTrailing | validateMaxType
	// parseStrict is NL_VALIDATE_STRICT, applied from strict_start_type.
	parseStrict = validateTrailing | validateMaxType | validateUnspec | validateStrictAttrs | validateNested
)

// errPolicy is the kernel's answer to an attribute its policy refuses.
var errPolicy = kerr(syscall.ERANGE, "Attribute failed policy validation")

// validateAttr is validate_nla for one attribute of type typ (flags
// removed), value val; nested tells whether NLA_F_NESTED was set.
func (p *policy) validateAttr(typ uint16, nested bool, val []byte, mode validation) error {
	if p.strictStart != 0 && typ >= p.strictStart {
		mode |= parseStrict
	}
	pt := p.attrs[typ]
	n := len(val)
	if size := pt.typ.fixedSize(); size != 0 && n != size && mode&validateStrictAttrs != 0 {
		return kerr(syscall.EINVAL, "invalid attribute length")
	}
	if mode&validateNested != 0 {
		if pt.typ == nlaNested && !nested {
			return kerr(syscall.EINVAL, "NLA_F_NESTED is missing")
		}
		if pt.typ != nlaNested && pt.typ != nlaUnspec && nested {
			return kerr(syscall.EINVAL, "NLA_F_NESTED not expected")
		}
	}
	switch pt.typ {
	case nlaReject:
		return kerr(syscall.EINVAL, "Attribute failed policy validation")
	case nlaNulString:
		l := n
		if pt.len != 0 {
			l = min(n, pt.len+1)
		}
		if l == 0 || bytes.IndexByte(val[:l], 0) < 0 {
			return kerr(syscall.EINVAL, "Attribute failed policy validation")
		}
		fallthrough
	case nlaString:
		if n < 1 {
			return errPolicy
		}
		if pt.len != 0 {
			if val[n-1] == 0 {
				n--
			}
			if n > pt.len {
				return errPolicy
			}
		}
	case nlaBinary:
		if pt.len != 0 && n > pt.len {
			return errPolicy
		}
	case nlaNested:
		if n != 0 && n < linux.SizeofNlAttr {
			return errPolicy
		}
	case nlaUnspec:
		if mode&validateUnspec != 0 {
			return kerr(syscall.EINVAL, "Unsupported attribute")
		}
		if n < pt.len {
			return errPolicy
		}
	default:
		minLen := pt.typ.fixedSize()
		if pt.len != 0 {
			minLen = pt.len
		}
		if n < minLen {
			return errPolicy
		}
	}
	if pt.min == 0 && pt.max == 0 && pt.mask == 0 {
		return nil
	}
	var v uint64
	switch pt.typ {
	case nlaU8:
		v = uint64(val[0])
	case nlaU16:
		v = uint64(ne.Uint16(val))
	case nlaU32:
		v = uint64(ne.Uint32(val))
	case nlaS32:
		if s := int32(ne.Uint32(val)); s < int32(pt.min) {
			return kerr(syscall.ERANGE, "integer out of range")
		}
		return nil
	}
	switch {
	case pt.min != 0 && v < pt.min, pt.max != 0 && v > pt.max:
		return kerr(syscall.ERANGE, "integer out of range")
	case pt.mask != 0 && v&^pt.mask != 0:
		return kerr(syscall.EINVAL, "reserved bit set")
	}
	return nil
}

// validate is __nla_validate_parse over attrs: every attribute is
// checked against p, in order, the first refusal being the answer.
// Attributes of type 0 or above maxtype are skipped (refused with
// validateMaxType). leftover reports bytes after the last whole
// attribute, an error with validateTrailing and otherwise a warning.
func (p *policy) validate(attrs []byte, mode validation) (leftover bool, err error) {
	b := attrs
	for len(b) >= linux.SizeofNlAttr {
		typ, val, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			break
		}
		nested := ne.Uint16(b[2:])&linux.NLA_F_NESTED != 0
		b = rest
		if typ == 0 || typ > p.maxType {
			if mode&validateMaxType != 0 {
				return false, kerr(syscall.EINVAL, "Unknown attribute type")
			}
			continue
		}
		if err := p.validateAttr(typ, nested, val, mode); err != nil {
			return false, err
		}
	}
	if len(b) > 0 {
		if mode&validateTrailing != 0 {
			return true, kerr(syscall.EINVAL, leftoverText)
		}
		return true, nil
	}
	return false, nil
}

// liberalBody checks a change request's attributes against p as
// nlmsg_parse_deprecated does, and returns the body as the handler
// reads it: its first hdrLen bytes, then the well-formed attributes,
// fixed-size values and addresses cut to their size, nothing after the
// first malformed one. leftover reports bytes the parse ignored, which
// the kernel reports in an extended ack while it goes on. The last of
// duplicated attributes wins, as in the kernel's table.
func liberalBody(body []byte, hdrLen int, p *policy) (out []byte, leftover bool, err error) {
	attrs := body[hdrLen:]
	leftover, err = p.validate(attrs, parseLiberal)
	if err != nil {
		return nil, false, err
	}
	out = rewriteAttrs(body, hdrLen, func(typ uint16, val []byte) []byte {
		if pt, known := p.attrs[typ]; known && typ <= p.maxType {
			if size := pt.typ.fixedSize(); size != 0 && len(val) > size {
				return val[:size]
			} else if pt.trim && len(val) > pt.len {
				return val[:pt.len]
			}
		}
		return val
	})
	return out, leftover, nil
}

// errNetNSID is the kernel's answer to a namespace id it does not know:
// rtnlemu serves one namespace, which has no peers with ids.
var errNetNSID = &kernelError{syscall.EINVAL, "Invalid target network namespace id"}

// firstAttr is the value of the first attribute of type typ in attrs,
// nil when there is none (nla_find).
func firstAttr(attrs []byte, typ uint16) []byte {
	var v []byte
	forEachAttr(attrs, func(t uint16, data []byte) bool {
		if t == typ {
			v = data
			return false
		}
		return true
	})
	return v
}

// lastAttr is the value of the last attribute of type typ in attrs (the
// one the kernel's table keeps), or nil.
func lastAttr(attrs []byte, typ uint16) []byte {
	var v []byte
	forEachAttr(attrs, func(t uint16, data []byte) bool {
		if t == typ {
			v = data
		}
		return true
	})
	return v
}

// checkUniqueNetNS is rtnl_ensure_unique_netns: at most one of
// IFLA_NET_NS_PID, IFLA_NET_NS_FD and IFLA_TARGET_NETNSID.
func checkUniqueNetNS(attrs []byte) error {
	n := 0
	for _, typ := range []uint16{linux.IFLA_NET_NS_PID, linux.IFLA_NET_NS_FD, linux.IFLA_TARGET_NETNSID} {
		if lastAttr(attrs, typ) != nil {
			n++
		}
	}
	if n > 1 {
		return kerr(syscall.EINVAL, "multiple netns identifying attributes specified")
	}
	return nil
}

// checkLinkNetNS applies rtnl_ensure_unique_netns and
// rtnl_link_get_net_capable to a link change's attributes: at most one
// of IFLA_NET_NS_PID, IFLA_NET_NS_FD and IFLA_TARGET_NETNSID, an id the
// kernel does not know is EINVAL, and moving a link to another
// namespace is not emulated.
func checkLinkNetNS(attrs []byte) error {
	if err := checkUniqueNetNS(attrs); err != nil {
		return err
	}
	pid := lastAttr(attrs, linux.IFLA_NET_NS_PID) != nil
	fd := lastAttr(attrs, linux.IFLA_NET_NS_FD) != nil
	id := lastAttr(attrs, linux.IFLA_TARGET_NETNSID) != nil
	switch {
	case pid || fd:
		return kerr(syscall.EOPNOTSUPP, "moving links between namespaces is not supported by this emulated network")
	case id:
		return syscall.EINVAL // get_net_ns_by_id finds none
	}
	return nil
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
func (c *Conn) liberal(body []byte, hdrLen int, p *policy) ([]byte, error) {
	out, leftover, err := liberalBody(body, hdrLen, p)
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

// checkMTU applies dev_validate_mtu to an IFLA_MTU in attrs: links but
// loopback take ETH_MIN_MTU to ETH_MAX_MTU (the bounds of Ethernet, veth,
// bridge and tun devices; the kernel's are per driver), loopback any MTU
// that is positive as an int. Loopback's MTU 0, which the kernel takes,
// is EOPNOTSUPP: a LinkSetter's request cannot say it (a zero MTU there
// means no change).
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
	case loopback && mtu == 0:
		return kerr(syscall.EOPNOTSUPP, "an MTU of 0 is not supported by this emulated network")
	case int32(mtu) < 0 || !loopback && mtu < ethMinMTU:
		return kerr(syscall.EINVAL, "mtu less than device minimum")
	case !loopback && mtu > ethMaxMTU:
		return kerr(syscall.EINVAL, "mtu greater than device maximum")
	}
	return nil
}

// checkLLAddr applies neigh_add's and __neigh_update's checks of the
// link-layer address: shorter than the device's is EINVAL, and on a
// device with addresses a state that holds one (NUD_VALID, not NTF_USE
// or managed) needs one unless the entry holds one already. flags are
// the request's neighFlags.
func (c *Conn) checkLLAddr(ctx context.Context, m *rtnetlink.NeighMessage, flags uint32) error {
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
	// __neigh_update wants an address only for a state that holds one,
	// when the entry holds none.
	if m.State&nudValid == 0 || flags&(linux.NTF_USE|ntfManaged) != 0 {
		return nil
	}
	if old := c.neighState(ctx, m); old != nil && *old&nudValid != 0 {
		return nil
	}
	return kerr(syscall.EINVAL, "No link layer address given")
}

// hasNeighbor tells whether the source has m's neighbour (family, link,
// address).
func (c *Conn) hasNeighbor(ctx context.Context, m *rtnetlink.NeighMessage) bool {
	snap, err := c.t.src.Snapshot(ctx, KindNeighbors)
	if err != nil || snap == nil {
		return false
	}
	for i := range snap.Neighbors {
		n := &snap.Neighbors[i]
		if n.Index == m.Index && n.Family == m.Family && n.Attributes != nil && n.Attributes.Address.Equal(m.Attributes.Address) {
			return true
		}
	}
	return false
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
