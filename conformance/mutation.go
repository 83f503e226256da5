package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
)

// An Op is one kind of change a Mutator makes to the system under test.
type Op string

// The changes the suite asks for. Links are named, never indexed, so
// that a Mutator on the far side of a process boundary (the Linux parent
// of a Windows binary under Wine) can apply them with ip.
const (
	OpLinkAdd      Op = "link-add"      // create link Link (of a kind the Mutator chooses) and bring it up
	OpLinkSetMTU   Op = "link-set-mtu"  // set the MTU of Link to MTU
	OpLinkDown     Op = "link-down"     // set Link down (clear IFF_UP)
	OpLinkDel      Op = "link-del"      // remove Link
	OpAddrAdd      Op = "addr-add"      // add Prefix to Link
	OpAddrDel      Op = "addr-del"      // remove Prefix from Link
	OpRouteAdd     Op = "route-add"     // add a route to Prefix via Gateway (if valid) on Link, main table
	OpRouteReplace Op = "route-replace" // replace that route, typically with another Gateway
	OpRouteDel     Op = "route-del"     // remove the route to Prefix
	OpNeighAdd     Op = "neigh-add"     // add a permanent neighbour IP with MAC on Link
	OpNeighReplace Op = "neigh-replace" // change that neighbour's MAC
	OpNeighDel     Op = "neigh-del"     // remove neighbour IP on Link
	// OpStorm adds Count routes on Link as fast as the system takes
	// them, then removes the first quarter: enough to overflow a watcher
	// whose handle was opened with the profile's OverflowOptions. The
	// routes are StormRoute(Prefix, i) for i in [0, Count), without a
	// gateway.
	OpStorm Op = "storm"
	// OpStormUndo removes what an OpStorm with the same fields left.
	OpStormUndo Op = "storm-undo"
	// OpOverflow makes every watcher of the target lose events (the
	// emulator's forced overflow), after changing some state so that the
	// resync has a difference to send.
	OpOverflow Op = "overflow"
)

// AllOps lists every Op, in the order the event checks use them.
var AllOps = []Op{
	OpLinkAdd, OpLinkSetMTU, OpAddrAdd, OpRouteAdd, OpRouteReplace,
	OpNeighAdd, OpNeighReplace, OpNeighDel, OpRouteDel, OpAddrDel, OpLinkDown, OpLinkDel,
	OpStorm, OpStormUndo, OpOverflow,
}

// StormRoute is the i-th route of a storm under prefix: a host route
// (/32 or /128) numbered from prefix's first address.
func StormRoute(prefix netip.Prefix, i int) netip.Prefix {
	b := prefix.Masked().Addr().AsSlice()
	for j, carry := len(b)-1, i; j >= 0 && carry > 0; j-- {
		sum := int(b[j]) + carry
		b[j] = byte(sum)
		carry = sum >> 8
	}
	a, _ := netip.AddrFromSlice(b)
	return netip.PrefixFrom(a, a.BitLen())
}

// A Mutation is one change, with the fields its Op uses.
type Mutation struct {
	Op      Op           `json:"op"`
	Link    string       `json:"link,omitempty"`
	MTU     uint32       `json:"mtu,omitempty"`
	Prefix  netip.Prefix `json:"prefix,omitzero"`
	Gateway netip.Addr   `json:"gateway,omitzero"`
	IP      netip.Addr   `json:"ip,omitzero"`
	MAC     string       `json:"mac,omitempty"` // colon-separated hex, as ip prints it
	Count   int          `json:"count,omitempty"`
}

// String prints the mutation in a few words, for test logs.
func (m Mutation) String() string {
	s := string(m.Op)
	add := func(k, v string) { s += " " + k + "=" + v }
	if m.Link != "" {
		add("link", m.Link)
	}
	if m.MTU != 0 {
		add("mtu", fmt.Sprint(m.MTU))
	}
	if m.Prefix.IsValid() {
		add("prefix", m.Prefix.String())
	}
	if m.Gateway.IsValid() {
		add("gateway", m.Gateway.String())
	}
	if m.IP.IsValid() {
		add("ip", m.IP.String())
	}
	if m.MAC != "" {
		add("mac", m.MAC)
	}
	if m.Count != 0 {
		add("count", fmt.Sprint(m.Count))
	}
	return s
}

// A Mutator changes the system under test from outside the handle the
// suite checks, so that events can be checked against known causes.
type Mutator interface {
	// Supports reports whether the Mutator can make changes of kind op.
	// The suite does not ask for the others.
	Supports(op Op) bool
	// Mutate makes the change and returns once the system has taken it.
	Mutate(ctx context.Context, m Mutation) error
}

// ErrUnsupportedOp is what a Mutator returns for an Op it does not
// support.
var ErrUnsupportedOp = errors.New("conformance: the mutator does not support this change")
