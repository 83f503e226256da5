package ipset

import (
	"fmt"
	"io"
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

// Header returns the set's options as ipset save and list print them:
// "family inet hashsize 1024 maxelem 65536 ... bucketsize 12 initval 0x...".
func (s Set) Header() string {
	var b strings.Builder
	fmt.Fprintf(&b, "family %v hashsize %d maxelem %d", s.Family, s.HashSize, s.MaxElem)
	if s.Timeout != nil {
		fmt.Fprintf(&b, " timeout %d", *s.Timeout)
	}
	if s.Counters {
		b.WriteString(" counters")
	}
	if s.Comment {
		b.WriteString(" comment")
	}
	fmt.Fprintf(&b, " bucketsize %d initval 0x%08x", s.BucketSize, s.InitVal)
	return b.String()
}

// Element returns an entry of the set as ipset save and list print it:
// the element, then its options.
func (s Set) Element(e Entry) string {
	var b strings.Builder
	b.WriteString(setTypes[s.Type].format(e))
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
	return b.String()
}

// format prints an entry's element as ipset does: an address, a network
// (without a full-length prefix), then ",proto:port".
func (t setType) format(e Entry) string {
	s := e.Addr.Addr().String()
	if t.net && e.Addr.Bits() != e.Addr.Addr().BitLen() {
		s += "/" + strconv.Itoa(e.Addr.Bits())
	}
	if t.port {
		p, ok := protocols[e.Proto]
		if !ok {
			p = strconv.Itoa(int(e.Proto))
		}
		s += "," + p + ":" + strconv.Itoa(int(e.Port))
	}
	return s
}
