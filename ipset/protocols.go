package ipset

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"sync"
)

// protoTable is the system's protocol names, which the ipset tool prints
// (it asks libc, which reads /etc/protocols), with the few the package
// cannot do without when the file is missing.
type protoTable struct {
	names   map[uint8]string
	numbers map[string]uint8
}

var protoNames = sync.OnceValue(func() protoTable {
	t := protoTable{
		names:   map[uint8]string{1: "icmp", 6: "tcp", 17: "udp", 58: "ipv6-icmp", 132: "sctp", 136: "udplite"},
		numbers: map[string]uint8{},
	}
	if f, err := os.Open("/etc/protocols"); err == nil {
		defer f.Close()
		seen := map[uint8]bool{}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line, _, _ := strings.Cut(sc.Text(), "#")
			fields := strings.Fields(line)
			if len(fields) < 2 {
				continue
			}
			n, err := strconv.ParseUint(fields[1], 10, 8)
			if err != nil {
				continue
			}
			// The first line of a number names it, as getprotobynumber.
			if !seen[uint8(n)] {
				seen[uint8(n)] = true
				t.names[uint8(n)] = fields[0]
			}
			for _, name := range append(fields[:1:1], fields[2:]...) {
				t.numbers[name] = uint8(n)
			}
		}
	}
	for n, name := range t.names {
		if _, ok := t.numbers[name]; !ok {
			t.numbers[name] = n
		}
	}
	// The tool's own spelling of ICMPv6.
	t.numbers["icmpv6"] = 58
	return t
})

// protoName is a protocol's name as the tool prints it, or its number.
func protoName(p uint8) string {
	if name, ok := protoNames().names[p]; ok {
		return name
	}
	return strconv.Itoa(int(p))
}

// protoNumber reads a protocol's name or number.
func protoNumber(s string) (uint8, bool) {
	if n, ok := protoNames().numbers[s]; ok {
		return n, true
	}
	n, err := strconv.ParseUint(s, 10, 8)
	return uint8(n), err == nil
}

// ICMP and ICMPv6 type/code names, the ipset tool's (lib/icmp.c,
// lib/icmpv6.c): the first of a type/code is the one printed.
var icmpNames = []struct {
	name      string
	typ, code uint8
}{
	{"echo-reply", 0, 0}, {"pong", 0, 0}, {"network-unreachable", 3, 0}, {"host-unreachable", 3, 1},
	{"protocol-unreachable", 3, 2}, {"port-unreachable", 3, 3}, {"fragmentation-needed", 3, 4},
	{"source-route-failed", 3, 5}, {"network-unknown", 3, 6}, {"host-unknown", 3, 7},
	{"network-prohibited", 3, 9}, {"host-prohibited", 3, 10}, {"TOS-network-unreachable", 3, 11},
	{"TOS-host-unreachable", 3, 12}, {"communication-prohibited", 3, 13},
	{"host-precedence-violation", 3, 14}, {"precedence-cutoff", 3, 15}, {"source-quench", 4, 0},
	{"network-redirect", 5, 0}, {"host-redirect", 5, 1}, {"TOS-network-redirect", 5, 2},
	{"TOS-host-redirect", 5, 3}, {"echo-request", 8, 0}, {"ping", 8, 0},
	{"router-advertisement", 9, 0}, {"router-solicitation", 10, 0},
	{"ttl-zero-during-transit", 11, 0}, {"ttl-zero-during-reassembly", 11, 1},
	{"ip-header-bad", 12, 0}, {"required-option-missing", 12, 1}, {"timestamp-request", 13, 0},
	{"timestamp-reply", 14, 0}, {"address-mask-request", 17, 0}, {"address-mask-reply", 18, 0},
}

var icmpv6Names = []struct {
	name      string
	typ, code uint8
}{
	{"no-route", 1, 0}, {"communication-prohibited", 1, 1}, {"address-unreachable", 1, 3},
	{"port-unreachable", 1, 4}, {"packet-too-big", 2, 0}, {"ttl-zero-during-transit", 3, 0},
	{"ttl-zero-during-reassembly", 3, 1}, {"bad-header", 4, 0}, {"unknown-header-type", 4, 1},
	{"unknown-option", 4, 2}, {"echo-request", 128, 0}, {"ping", 128, 0}, {"echo-reply", 129, 0},
	{"pong", 129, 0}, {"router-solicitation", 133, 0}, {"router-advertisement", 134, 0},
	{"neighbour-solicitation", 135, 0}, {"neigbour-solicitation", 135, 0},
	{"neighbour-advertisement", 136, 0}, {"neigbour-advertisement", 136, 0}, {"redirect", 137, 0},
}

// icmpString prints an ICMP(v6) type and code (a port's high and low
// bytes) as the tool does: a name, or TYPE/CODE.
func icmpString(proto uint8, port uint16) string {
	typ, code := uint8(port>>8), uint8(port)
	names := icmpNames
	if proto == 58 {
		names = icmpv6Names
	}
	for _, n := range names {
		if n.typ == typ && n.code == code {
			return n.name
		}
	}
	return strconv.Itoa(int(typ)) + "/" + strconv.Itoa(int(code))
}

// parseICMP reads an ICMP(v6) name or TYPE/CODE into a port.
func parseICMP(proto uint8, s string) (uint16, bool) {
	names := icmpNames
	if proto == 58 {
		names = icmpv6Names
	}
	for _, n := range names {
		if n.name == s {
			return uint16(n.typ)<<8 | uint16(n.code), true
		}
	}
	t, c, ok := strings.Cut(s, "/")
	if !ok {
		return 0, false
	}
	tv, err1 := strconv.ParseUint(t, 10, 8)
	cv, err2 := strconv.ParseUint(c, 10, 8)
	return uint16(tv)<<8 | uint16(cv), err1 == nil && err2 == nil
}
