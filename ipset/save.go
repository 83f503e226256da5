package ipset

import (
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
)

// Save writes sets as the ipset tool's save command does: a create line
// with the header, then an add line per member.
func Save(w io.Writer, sets []Set) error {
	var b strings.Builder
	for _, s := range sets {
		fmt.Fprintf(&b, "create %s %s %s\n", s.Name, s.Type, s.Header())
		for _, e := range s.Members {
			fmt.Fprintf(&b, "add %s %s\n", s.Name, s.Element(e))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Header returns the set's options as ipset save and list print them,
// e.g. "family inet hashsize 1024 maxelem 65536 ... bucketsize 12
// initval 0x...". (The tool does not print forceadd; neither does this.)
func (s Set) Header() string {
	t := setTypes[s.Type]
	var b strings.Builder
	switch t.kind {
	case "hash":
		fmt.Fprintf(&b, "family %v hashsize %d maxelem %d", s.Family, s.HashSize, s.MaxElem)
	case "bitmap":
		if t.has(compIP) {
			fmt.Fprintf(&b, "range %v-%v", s.From, s.To)
		} else {
			fmt.Fprintf(&b, "range %d-%d", s.PortFrom, s.PortTo)
		}
	case "list":
		fmt.Fprintf(&b, "size %d", s.Size)
	}
	if s.Netmask != 0 {
		fmt.Fprintf(&b, " netmask %d", s.Netmask)
	}
	if s.MarkMask != 0 && t.has(compMark) {
		fmt.Fprintf(&b, " markmask 0x%08x", s.MarkMask)
	}
	if s.Timeout != nil {
		fmt.Fprintf(&b, " timeout %d", *s.Timeout)
	}
	if s.Counters {
		b.WriteString(" counters")
	}
	if s.Comment {
		b.WriteString(" comment")
	}
	if s.SkbInfo {
		b.WriteString(" skbinfo")
	}
	if t.kind == "hash" {
		fmt.Fprintf(&b, " bucketsize %d initval 0x%08x", s.BucketSize, s.InitVal)
	}
	return b.String()
}

// Element returns an entry of the set as ipset save and list print it:
// the element, then its options.
func (s Set) Element(e Entry) string {
	var b strings.Builder
	b.WriteString(setTypes[s.Type].format(e))
	if e.Wildcard {
		b.WriteString(" wildcard")
	}
	if e.Timeout != nil {
		fmt.Fprintf(&b, " timeout %d", *e.Timeout)
	}
	if e.NoMatch {
		b.WriteString(" nomatch")
	}
	if e.Packets != nil {
		fmt.Fprintf(&b, " packets %d", *e.Packets)
	}
	if e.Bytes != nil {
		fmt.Fprintf(&b, " bytes %d", *e.Bytes)
	}
	if e.Comment != "" {
		fmt.Fprintf(&b, " comment \"%s\"", e.Comment)
	}
	if e.SkbMark != 0 || e.SkbMarkMask != 0 {
		if e.SkbMarkMask == 0xffffffff {
			fmt.Fprintf(&b, " skbmark 0x%x", e.SkbMark)
		} else {
			fmt.Fprintf(&b, " skbmark 0x%x/0x%x", e.SkbMark, e.SkbMarkMask)
		}
	}
	if e.SkbPrio != 0 {
		fmt.Fprintf(&b, " skbprio %x:%x", e.SkbPrio>>16, e.SkbPrio&0xffff)
	}
	if e.SkbQueue != 0 {
		fmt.Fprintf(&b, " skbqueue %d", e.SkbQueue)
	}
	return b.String()
}

// format prints an entry's element as ipset does: its components, comma
// separated.
func (t setType) format(e Entry) string {
	var b strings.Builder
	for i, c := range t.comps {
		if i > 0 {
			b.WriteByte(',')
		}
		switch c {
		case compIP, compNet:
			b.WriteString(prefixString(e.Addr))
		case compIP2, compNet2:
			b.WriteString(prefixString(e.Addr2))
		case compPort:
			if t.kind != "hash" {
				b.WriteString(strconv.Itoa(int(e.Port)))
				break
			}
			b.WriteString(protoName(e.Proto))
			b.WriteByte(':')
			if icmpProto(e.Proto) {
				b.WriteString(icmpString(e.Proto, e.Port))
			} else {
				b.WriteString(strconv.Itoa(int(e.Port)))
			}
		case compMark:
			fmt.Fprintf(&b, "0x%08x", e.Mark)
		case compIface:
			if e.Phys {
				b.WriteString("physdev:")
			}
			b.WriteString(e.Iface)
		case compMAC:
			if len(e.MAC) == 0 {
				// bitmap:ip,mac holds an address whose MAC is not known
				// yet: the element is the address alone.
				s := b.String()
				return s[:len(s)-1]
			}
			b.WriteString(strings.ToUpper(e.MAC.String()))
		case compSet:
			b.WriteString(e.Name)
		}
	}
	return b.String()
}

// prefixString prints an address, or a network when it is shorter than
// an address.
func prefixString(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	if p.Bits() == p.Addr().BitLen() {
		return p.Addr().String()
	}
	return p.String()
}
