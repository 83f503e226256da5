package ipset

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// ParseElement parses an element of set s in the ipset tool's syntax:
// the type's components separated by commas, each as the tool writes
// it: "ADDR", "ADDR/LEN" or "ADDR-ADDR" for ip and net components,
// "[PROTO:]PORT[-PORT]" (tcp when PROTO is left out; an ICMP name or
// TYPE/CODE for icmp and icmpv6), "[physdev:]IFACE", a MAC, a mark, a set
// name. It is Element's inverse, options aside.
func ParseElement(s Set, text string) (Entry, error) {
	t, err := lookupType(s.Type)
	if err != nil {
		return Entry{}, err
	}
	family := t.setFamily(s.Family)
	if t.family == Unspec && s.Family != 0 {
		family = s.Family
	}
	parts := strings.Split(text, ",")
	optionalMAC := t.kind == "bitmap" && t.has(compMAC) && len(parts) == len(t.comps)-1
	if len(parts) != len(t.comps) && !optionalMAC {
		return Entry{}, fmt.Errorf("ipset: %q is not an element of a %s set", text, s.Type)
	}
	var e Entry
	for i, part := range parts {
		switch c := t.comps[i]; c {
		case compIP, compNet:
			if e.Addr, e.AddrTo, err = parseAddr(part, true); err != nil {
				return Entry{}, err
			}
		case compIP2, compNet2:
			if e.Addr2, _, err = parseAddr(part, false); err != nil {
				return Entry{}, err
			}
		case compPort:
			if e.Proto, e.Port, e.PortTo, err = parsePort(part, t.kind == "hash"); err != nil {
				return Entry{}, err
			}
		case compMark:
			v, err := strconv.ParseUint(part, 0, 32)
			if err != nil {
				return Entry{}, fmt.Errorf("ipset: cannot parse mark %q", part)
			}
			e.Mark = uint32(v)
		case compIface:
			name, phys := strings.CutPrefix(part, "physdev:")
			e.Iface, e.Phys = name, phys
		case compMAC:
			mac, err := net.ParseMAC(part)
			if err != nil || len(mac) != 6 {
				return Entry{}, fmt.Errorf("ipset: cannot parse MAC %q", part)
			}
			e.MAC = mac
		case compSet:
			e.Name = part
		}
	}
	if err := t.check(s.Type, family, e); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// parseAddr reads "ADDR", "ADDR/LEN" or (with ranges) "ADDR-ADDR".
func parseAddr(s string, ranges bool) (netip.Prefix, netip.Addr, error) {
	if from, to, ok := strings.Cut(s, "-"); ok && ranges {
		a, err1 := netip.ParseAddr(from)
		b, err2 := netip.ParseAddr(to)
		if err1 != nil || err2 != nil {
			return netip.Prefix{}, netip.Addr{}, fmt.Errorf("ipset: cannot parse range %s", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), b, nil
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, netip.Addr{}, fmt.Errorf("ipset: cannot parse %s: %w", s, err)
		}
		return p, netip.Addr{}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, netip.Addr{}, fmt.Errorf("ipset: cannot parse %s: %w", s, err)
	}
	return netip.PrefixFrom(a, a.BitLen()), netip.Addr{}, nil
}

// parsePort reads "[PROTO:]PORT[-PORT]".
func parsePort(s string, hash bool) (proto uint8, port, to uint16, err error) {
	name, num, withProto := strings.Cut(s, ":")
	if !withProto {
		name, num = "", s
		if hash {
			name = "tcp"
		}
	}
	if name != "" {
		var ok bool
		if proto, ok = protoNumber(name); !ok || !hash && proto != 6 && proto != 17 {
			return 0, 0, 0, fmt.Errorf("ipset: cannot parse protocol %q", name)
		}
	}
	if !hash {
		proto = 0 // bitmap:port takes "tcp:" and "udp:" and keeps the port
	}
	if icmpProto(proto) && hash {
		p, ok := parseICMP(proto, num)
		if !ok {
			return 0, 0, 0, fmt.Errorf("ipset: cannot parse ICMP type/code %q", num)
		}
		return proto, p, 0, nil
	}
	from, last, isRange := strings.Cut(num, "-")
	v, err := strconv.ParseUint(from, 10, 16)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("ipset: cannot parse port %q", from)
	}
	port = uint16(v)
	if isRange {
		v, err := strconv.ParseUint(last, 10, 16)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("ipset: cannot parse port %q", last)
		}
		to = uint16(v)
	}
	return proto, port, to, nil
}
