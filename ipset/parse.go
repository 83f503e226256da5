package ipset

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ParseElement parses an element of set s in the ipset tool's syntax:
// "ADDR", "ADDR/LEN" for the net types, then ",PROTO:PORT" (or ",PORT",
// tcp) for the port types. It is Element's inverse, options aside.
func ParseElement(s Set, text string) (Entry, error) {
	t, ok := setTypes[s.Type]
	if !ok {
		return Entry{}, fmt.Errorf("ipset: type %s is not handled by this package", s.Type)
	}
	family := s.Family
	if family == 0 {
		family = Inet
	}
	var e Entry
	addr, port, hasPort := strings.Cut(text, ",")
	if hasPort != t.port {
		return Entry{}, fmt.Errorf("ipset: %q is not an element of a %s set", text, s.Type)
	}
	if strings.Contains(addr, "/") {
		p, err := netip.ParsePrefix(addr)
		if err != nil {
			return Entry{}, fmt.Errorf("ipset: cannot parse %s: %w", addr, err)
		}
		e.Addr = p
	} else {
		a, err := netip.ParseAddr(addr)
		if err != nil {
			return Entry{}, fmt.Errorf("ipset: cannot parse %s: %w", addr, err)
		}
		e.Addr = netip.PrefixFrom(a, a.BitLen())
	}
	if hasPort {
		proto, num, withProto := strings.Cut(port, ":")
		if !withProto {
			proto, num = "tcp", port
		}
		found := false
		for n, name := range protocols {
			if name == proto {
				e.Proto, found = n, true
			}
		}
		if !found {
			return Entry{}, fmt.Errorf("ipset: protocol %q: want tcp, udp, sctp or udplite", proto)
		}
		v, err := strconv.ParseUint(num, 10, 16)
		if err != nil {
			return Entry{}, fmt.Errorf("ipset: cannot parse port %q", num)
		}
		e.Port = uint16(v)
	}
	if err := t.check(s.Type, family, e); err != nil {
		return Entry{}, err
	}
	return e, nil
}
