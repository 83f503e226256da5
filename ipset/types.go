package ipset

import (
	"fmt"
	"net/netip"
	"strings"
)

// A component is one part of a set type's element, in the order the
// type's name lists them.
type component uint8

const (
	compIP    component = iota + 1 // an address: IPSET_ATTR_IP
	compNet                        // a network: IPSET_ATTR_IP and IPSET_ATTR_CIDR
	compPort                       // a protocol and port
	compIP2                        // a second address: IPSET_ATTR_IP2
	compNet2                       // a second network: IPSET_ATTR_IP2 and IPSET_ATTR_CIDR2
	compMark                       // a packet mark
	compIface                      // an interface name
	compMAC                        // an Ethernet address
	compSet                        // a set's name (list:set)
)

// setType says what a set type's elements hold and which create options
// it takes.
type setType struct {
	kind    string // "hash", "bitmap" or "list"
	comps   []component
	family  Family // the family every set of the type has, or 0xff: inet or inet6
	netmask bool   // takes a netmask at create
}

const anyFamily Family = 0xff

// setTypes are the ipset tool's types. Whether a kernel has one depends
// on its modules: it answers a create of one it lacks with "set type not
// supported".
var setTypes = map[string]setType{
	"hash:ip":           {"hash", []component{compIP}, anyFamily, true},
	"hash:ip,port":      {"hash", []component{compIP, compPort}, anyFamily, false},
	"hash:ip,port,ip":   {"hash", []component{compIP, compPort, compIP2}, anyFamily, false},
	"hash:ip,port,net":  {"hash", []component{compIP, compPort, compNet2}, anyFamily, false},
	"hash:ip,mark":      {"hash", []component{compIP, compMark}, anyFamily, false},
	"hash:net":          {"hash", []component{compNet}, anyFamily, false},
	"hash:net,net":      {"hash", []component{compNet, compNet2}, anyFamily, true},
	"hash:net,port":     {"hash", []component{compNet, compPort}, anyFamily, false},
	"hash:net,port,net": {"hash", []component{compNet, compPort, compNet2}, anyFamily, false},
	"hash:net,iface":    {"hash", []component{compNet, compIface}, anyFamily, false},
	"hash:mac":          {"hash", []component{compMAC}, Unspec, false},
	"hash:ip,mac":       {"hash", []component{compIP, compMAC}, anyFamily, false},
	"bitmap:ip":         {"bitmap", []component{compIP}, Inet, true},
	"bitmap:ip,mac":     {"bitmap", []component{compIP, compMAC}, Inet, false},
	"bitmap:port":       {"bitmap", []component{compPort}, Unspec, false},
	"list:set":          {"list", []component{compSet}, Unspec, false},
}

func lookupType(name string) (setType, error) {
	t, ok := setTypes[name]
	if !ok {
		return setType{}, fmt.Errorf("ipset: typename '%s' is unknown", name)
	}
	return t, nil
}

func (t setType) has(c component) bool {
	for _, x := range t.comps {
		if x == c {
			return true
		}
	}
	return false
}

// hasNet reports whether the type has a net component (nomatch is for
// those).
func (t setType) hasNet() bool { return t.has(compNet) || t.has(compNet2) }

// setFamily is the family a set of the type is created with.
func (t setType) setFamily(f Family) Family {
	if t.family != anyFamily {
		return t.family
	}
	if f == 0 {
		return Inet
	}
	return f
}

// check refuses an entry that does not fit a set of type t and family f:
// the kernel would refuse it too, but with less to say.
func (t setType) check(typ string, f Family, e Entry) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("ipset: %s entry: "+format, append([]any{typ}, args...)...)
	}
	addrFamily := func(what string, p netip.Prefix) error {
		if !p.IsValid() {
			return bad("no %s", what)
		}
		a := p.Addr()
		if f == Inet && !(a.Is4() || a.Is4In6()) || f == Inet6 && (a.Is4() || a.Is4In6()) {
			return bad("%s %s: the set's family is %v", what, p, f)
		}
		return nil
	}
	if t.has(compIP) || t.has(compNet) {
		if err := addrFamily("address", e.Addr); err != nil {
			return err
		}
		if e.AddrTo.IsValid() && (e.AddrTo.Is4() != e.Addr.Addr().Is4() || e.AddrTo.Less(e.Addr.Addr())) {
			return bad("range %s-%s: the end is of another family or before the start", e.Addr.Addr(), e.AddrTo)
		}
	} else if e.Addr.IsValid() || e.AddrTo.IsValid() {
		return bad("the type holds no address")
	}
	if t.has(compIP2) || t.has(compNet2) {
		if err := addrFamily("second address", e.Addr2); err != nil {
			return err
		}
	} else if e.Addr2.IsValid() {
		return bad("the type holds no second address")
	}
	if t.has(compPort) {
		if t.kind == "hash" {
			if e.Proto == 0 {
				return bad("protocol 0: a port needs a protocol (tcp, udp, ...)")
			}
			if !portProto(e.Proto) && !icmpProto(e.Proto) && (e.Port != 0 || e.PortTo != 0) {
				return bad("protocol %d can be used with pseudo port value 0 only", e.Proto)
			}
		}
		if t.kind != "hash" && e.Proto != 0 {
			return bad("a %s set holds port numbers without a protocol", typ)
		}
		if e.PortTo != 0 && e.PortTo < e.Port {
			return bad("port range %d-%d ends before it starts", e.Port, e.PortTo)
		}
	} else if e.Port != 0 || e.Proto != 0 || e.PortTo != 0 {
		return bad("the type holds no ports")
	}
	if !t.has(compMark) && e.Mark != 0 {
		return bad("the type holds no mark")
	}
	if t.has(compIface) {
		if name := strings.TrimSuffix(e.Iface, "+"); name == "" || len(name) > 15 {
			return bad("interface name %q: want 1 to 15 bytes", e.Iface)
		}
	} else if e.Iface != "" || e.Phys || e.Wildcard {
		return bad("the type holds no interface")
	}
	if t.has(compMAC) {
		if len(e.MAC) != 0 && len(e.MAC) != 6 {
			return bad("MAC %v is not an Ethernet address", e.MAC)
		}
		if len(e.MAC) == 0 && t.kind == "hash" {
			return bad("no MAC")
		}
	} else if len(e.MAC) != 0 {
		return bad("the type holds no MAC")
	}
	if t.has(compSet) {
		if err := checkName(e.Name); err != nil {
			return err
		}
		if e.Ref != "" {
			if err := checkName(e.Ref); err != nil {
				return err
			}
		}
	} else if e.Name != "" || e.Ref != "" || e.Before {
		return bad("the type holds no set names")
	}
	if e.NoMatch && !t.hasNet() {
		return bad("nomatch is for types with a net component")
	}
	return nil
}

// portProto reports whether a protocol has ports.
func portProto(p uint8) bool { return p == 6 || p == 17 || p == 132 || p == 136 }

// icmpProto reports whether a protocol's port is an ICMP type and code.
func icmpProto(p uint8) bool { return p == 1 || p == 58 }
