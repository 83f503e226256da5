package rtnlemu

import (
	"context"
	"errors"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// parseDump reads a dump request into d's kind and filter, with the
// kernel's strict checking (NETLINK_GET_STRICT_CHK): header fields that
// cannot filter must be zero and only the filtering attributes are
// accepted. A request shorter than its family's header is EINVAL, as for
// the kernel with strict checking on (without it the kernel reads a
// legacy rtgenmsg as zero-filled). A filter attribute too short for its
// value is ERANGE (nlattr.c's policy check); an attribute no filter
// takes, a malformed one or bytes left after the last are EINVAL.
func parseDump(h nlmsg.Header, body []byte, d *dump) (syscall.Errno, string) {
	d.filter.family = body[0]
	if size, what := dumpHeaderSize(h.Type); size > 0 && len(body) < size {
		return syscall.EINVAL, "Invalid header for " + what + " dump request"
	}
	var short bool // a filter attribute too short for its value
	u32Attr := func(data []byte, dst *uint32) bool {
		if len(data) < 4 {
			short = true
			return false
		}
		*dst = ne.Uint32(data)
		return true
	}
	if errno, text := parseDumpKind(h, body, d, u32Attr); errno != 0 {
		if short {
			return syscall.ERANGE, "Attribute failed policy validation"
		}
		return errno, text
	}
	return 0, ""
}

// dumpHeaderSize is the fixed header of a dump request of type typ.
func dumpHeaderSize(typ uint16) (int, string) {
	switch typ {
	case linux.RTM_GETLINK:
		return linux.SizeofIfInfomsg, "link"
	case linux.RTM_GETADDR:
		return linux.SizeofIfAddrmsg, "address"
	case linux.RTM_GETROUTE:
		return linux.SizeofRtMsg, "FIB"
	case linux.RTM_GETNEIGH:
		return linux.SizeofNdMsg, "neighbor"
	}
	return 0, ""
}

// parseDumpKind is parseDump for one message type.
func parseDumpKind(h nlmsg.Header, body []byte, d *dump, u32Attr func([]byte, *uint32) bool) (syscall.Errno, string) {
	f := &d.filter
	forEachAttr := strictAttrs
	switch h.Type {
	case linux.RTM_GETLINK:
		d.kind = KindLinks
		netnsid := false
		hdr, attrs := split(body, linux.SizeofIfInfomsg)
		if hdr[1] != 0 || ne.Uint16(hdr[2:]) != 0 || ne.Uint32(hdr[8:]) != 0 || ne.Uint32(hdr[12:]) != 0 {
			return syscall.EINVAL, "Invalid values in header for link dump request"
		}
		if ne.Uint32(hdr[4:]) != 0 {
			return syscall.EINVAL, "Filter by device index not supported for link dumps"
		}
		if errno, text := strictPolicy(attrs, linkPolicy); errno != 0 {
			return errno, text
		}
		ok := forEachAttr(attrs, func(typ uint16, data []byte) bool {
			switch typ {
			case linux.IFLA_EXT_MASK:
			case linux.IFLA_TARGET_NETNSID:
				netnsid = true
			case linux.IFLA_MASTER:
				return u32Attr(data, &f.master)
			case linux.IFLA_LINKINFO:
				f.linkKind = linkInfoKind(data)
			default:
				return false
			}
			return true
		})
		if !ok {
			return syscall.EINVAL, "Unsupported attribute in link dump request"
		}
		if netnsid {
			return errNetNSID.errno, errNetNSID.text
		}
		f.filtered = f.master != 0 || f.linkKind != ""
	case linux.RTM_GETADDR:
		d.kind = KindAddrs
		if f.family != linux.AF_INET && f.family != linux.AF_INET6 {
			f.family = linux.AF_UNSPEC // no handler of its own: rtnl_dump_all
		}
		hdr, attrs := split(body, linux.SizeofIfAddrmsg)
		if hdr[1] != 0 || hdr[2] != 0 || hdr[3] != 0 {
			return syscall.EINVAL, "Invalid values in header for address dump request"
		}
		f.index = ne.Uint32(hdr[4:])
		if errno, text := strictPolicy(attrs, dumpAddrPolicy(f.family)); errno != 0 {
			return errno, text
		}
		netnsid := false
		ok := forEachAttr(attrs, func(typ uint16, data []byte) bool {
			netnsid = netnsid || typ == linux.IFA_TARGET_NETNSID
			return typ == linux.IFA_TARGET_NETNSID
		})
		if !ok {
			return syscall.EINVAL, "Unsupported attribute in dump request"
		}
		if netnsid {
			return errNetNSID.errno, errNetNSID.text
		}
		f.filtered = f.index != 0
		f.doneFiltered = f.filtered // inet_valid_dump_ifaddr_req sets answer_flags
	case linux.RTM_GETROUTE:
		d.kind = KindRoutes
		switch f.family {
		case linux.AF_INET, linux.AF_INET6, linux.RTNL_FAMILY_IPMR, linux.RTNL_FAMILY_IP6MR, linux.AF_MPLS:
		default:
			f.family = linux.AF_UNSPEC // no handler of its own: rtnl_dump_all
		}
		hdr, attrs := split(body, linux.SizeofRtMsg)
		if hdr[1] != 0 || hdr[2] != 0 || hdr[3] != 0 || hdr[6] != 0 {
			return syscall.EINVAL, "Invalid values in header for FIB dump request"
		}
		f.rflags = ne.Uint32(hdr[8:])
		if f.rflags&^(linux.RTM_F_CLONED|linux.RTM_F_PREFIX) != 0 {
			return syscall.EINVAL, "Invalid flags for FIB dump request"
		}
		f.table = uint32(hdr[4])
		f.protocol = hdr[5]
		f.rtype = hdr[7]
		if errno, text := strictPolicy(attrs, route4Policy); errno != 0 {
			return errno, text
		}
		ok := forEachAttr(attrs, func(typ uint16, data []byte) bool {
			switch typ {
			case linux.RTA_TABLE:
				return u32Attr(data, &f.table)
			case linux.RTA_OIF:
				return u32Attr(data, &f.index)
			}
			return false
		})
		if !ok {
			return syscall.EINVAL, "Unsupported attribute in dump request"
		}
		if oif := lastAttr(attrs, linux.RTA_OIF); oif != nil && f.index == 0 {
			return syscall.ENODEV, "" // ip_valid_fib_dump_req looks index 0 up too
		}
		f.filtered = f.rflags != 0 || f.protocol != 0 || f.rtype != 0 || f.table != 0 || f.index != 0
		f.doneFiltered = f.filtered // ip_valid_fib_dump_req sets answer_flags
	case linux.RTM_GETNEIGH:
		d.kind = KindNeighbors
		hdr, attrs := split(body, linux.SizeofNdMsg)
		if hdr[1] != 0 || ne.Uint16(hdr[2:]) != 0 || ne.Uint32(hdr[4:]) != 0 || ne.Uint16(hdr[8:]) != 0 || hdr[11] != 0 {
			return syscall.EINVAL, "Invalid values in header for neighbor dump request"
		}
		if hdr[10]&^linux.NTF_PROXY != 0 {
			return syscall.EINVAL, "Invalid flags in header for neighbor dump request"
		}
		f.proxy = hdr[10]&linux.NTF_PROXY != 0
		if errno, text := strictPolicy(attrs, neighPolicy); errno != 0 {
			return errno, text
		}
		ok := forEachAttr(attrs, func(typ uint16, data []byte) bool {
			switch typ {
			case linux.NDA_IFINDEX:
				return u32Attr(data, &f.index)
			case linux.NDA_MASTER:
				return u32Attr(data, &f.master)
			}
			return false
		})
		if !ok {
			return syscall.EINVAL, "Unsupported attribute in neighbor dump request"
		}
		f.filtered = f.index != 0 || f.master != 0
	default:
		return syscall.EOPNOTSUPP, ""
	}
	return 0, ""
}

// split cuts a request body into its fixed header, zero-filled when the
// body is shorter, and its attributes.
func split(body []byte, size int) (hdr, attrs []byte) {
	if len(body) >= size {
		return body[:size], body[size:]
	}
	hdr = make([]byte, size)
	copy(hdr, body)
	return hdr, nil
}

// cString reads a NUL-terminated attribute string.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// snapshotFor reads what a dump needs from the source and checks the
// objects its filter names, as the kernel does (ENODEV for a filter on
// a missing link, ENOENT for a missing table of the dump's family).
func (t *Transport) snapshotFor(ctx context.Context, d *dump) error {
	kinds := d.kind
	f := &d.filter
	needLinks := (d.kind == KindAddrs || d.kind == KindRoutes) && f.index != 0 ||
		d.kind == KindNeighbors && (f.index != 0 || f.master != 0)
	if needLinks {
		kinds |= KindLinks
	}
	snap, err := t.read(ctx, kinds)
	if err != nil {
		return err
	}
	if snap == nil {
		snap = &Snapshot{}
	}
	d.snap = snap
	if f.linkKind != "" && !anyLinkOfKind(snap, f.linkKind) {
		// The kernel filters on a kind only when a driver of that kind
		// is loaded; one that no link uses is taken as unknown here.
		f.linkKind = ""
		f.filtered = f.master != 0
		if !f.filtered {
			d.flags &^= linux.NLM_F_DUMP_FILTERED
		}
	}
	if needLinks {
		found := false
		for i := range snap.Links {
			l := &snap.Links[i]
			if l.Index == f.index {
				found = true
			}
			if f.master != 0 && l.Attributes != nil && l.Attributes.Master != nil {
				if d.master == nil {
					d.master = make(map[uint32]uint32)
				}
				d.master[l.Index] = *l.Attributes.Master
			}
		}
		if f.index != 0 && !found && d.kind != KindNeighbors {
			if d.kind == KindRoutes {
				// ip_valid_fib_dump_req fails before it marks the
				// answer filtered.
				f.doneFiltered = false
			}
			return syscall.ENODEV
		}
	}
	if d.kind == KindRoutes && f.table != 0 && (f.family == linux.AF_INET || f.family == linux.AF_INET6) &&
		f.table != linux.RT_TABLE_MAIN && f.table != linux.RT_TABLE_LOCAL {
		exists := false
		for i := range snap.Routes {
			if r := &snap.Routes[i]; r.Family == f.family && routeTable(r) == f.table {
				exists = true
				break
			}
		}
		if !exists {
			if f.family == linux.AF_INET {
				return kerr(syscall.ENOENT, "ipv4: FIB table does not exist")
			}
			return kerr(syscall.ENOENT, "ipv6: FIB table does not exist")
		}
	}
	return nil
}

// anyLinkOfKind tells whether a link of snap has IFLA_INFO_KIND kind.
func anyLinkOfKind(snap *Snapshot, kind string) bool {
	for i := range snap.Links {
		if a := snap.Links[i].Attributes; a != nil && a.Info != nil && a.Info.Kind == kind {
			return true
		}
	}
	return false
}

// strictPolicy validates a dump or get request's attributes against
// p as nlmsg_parse_deprecated_strict does, and gives the kernel's errno
// and extended-ack text.
func strictPolicy(attrs []byte, p *policy) (syscall.Errno, string) {
	_, err := p.validate(attrs, parseDeprecatedStrict)
	if err == nil {
		return 0, ""
	}
	var ke *kernelError
	if errors.As(err, &ke) {
		return ke.errno, ke.text
	}
	return syscall.EINVAL, err.Error()
}

// dumpAddrPolicy is the policy an address dump of family is parsed with.
func dumpAddrPolicy(family uint8) *policy {
	if family == linux.AF_INET6 {
		return addr6Policy
	}
	return addr4Policy
}

// linkInfoPolicy is ifla_info_policy.
var linkInfoPolicy = &policy{maxType: 5, attrs: map[uint16]attrPolicy{
	1: {typ: nlaString}, // IFLA_INFO_KIND
	2: nestPolicy,       // IFLA_INFO_DATA
	4: {typ: nlaString}, // IFLA_INFO_SLAVE_KIND
	5: nestPolicy,       // IFLA_INFO_SLAVE_DATA
}}

// linkInfoKind is the IFLA_INFO_KIND a link dump filters by, as
// linkinfo_to_kind_ops reads it: a nest its policy refuses filters
// nothing.
func linkInfoKind(linkinfo []byte) string {
	if _, err := linkInfoPolicy.validate(linkinfo, parseLiberal); err != nil {
		return ""
	}
	return cString(lastAttr(linkinfo, linux.IFLA_INFO_KIND))
}
