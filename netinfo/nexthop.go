package netinfo

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// A Nexthop is a nexthop object (RTM_NEWNEXTHOP, Linux's `ip nexthop`):
// a next hop or a group of them that routes name by ID (Route.NHID).
// Exactly one of a gateway and/or link, Blackhole and Group describes
// it; FDB marks one for the bridge and VXLAN FDB rather than routes.
type Nexthop struct {
	ID        uint32
	Family    Family // nh_family: of Gateway; unspecified for groups and blackholes
	Scope     Scope  // set by the kernel: host for a link alone, link with a gateway
	Protocol  RouteProtocol
	Flags     RouteFlags // RTNH_F_*: onlink; the kernel adds dead and linkdown
	Gateway   netip.Addr // NHA_GATEWAY
	OutIndex  int        // NHA_OIF
	Blackhole bool       // NHA_BLACKHOLE
	FDB       bool       // NHA_FDB
	Group     []NexthopGroupMember
	GroupType NexthopGroupType
	// Resilient holds a resilient group's parameters (GroupType
	// NexthopGroupResilient); nil takes the kernel's defaults.
	Resilient *NexthopResilient
}

// A NexthopGroupMember is one nexthop of a group and its weight, 1 to
// 256 (0 in a request means 1).
type NexthopGroupMember struct {
	ID     uint32
	Weight int
}

// NexthopGroupType is NHA_GROUP_TYPE.
type NexthopGroupType uint16

// Group types.
const (
	NexthopGroupMultipath NexthopGroupType = linux.NEXTHOP_GRP_TYPE_MPATH
	NexthopGroupResilient NexthopGroupType = linux.NEXTHOP_GRP_TYPE_RES
)

// String prints ip's word: mpath or resilient.
func (t NexthopGroupType) String() string {
	switch t {
	case NexthopGroupMultipath:
		return "mpath"
	case NexthopGroupResilient:
		return "resilient"
	}
	return itoa(uint64(t))
}

// NexthopResilient are a resilient group's parameters (NHA_RES_GROUP).
// The kernel keeps its timers in clock ticks; ip prints them in seconds.
type NexthopResilient struct {
	Buckets         uint16
	IdleTimer       time.Duration
	UnbalancedTimer time.Duration
	// UnbalancedTime is how long the group has been unbalanced, in
	// replies only.
	UnbalancedTime time.Duration
}

// String prints the nexthop as one line of `ip nexthop show`.
func (n Nexthop) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "id %d", n.ID)
	if len(n.Group) > 0 {
		b.WriteString(" group ")
		for i, m := range n.Group {
			if i > 0 {
				b.WriteByte('/')
			}
			fmt.Fprintf(&b, "%d", m.ID)
			if m.Weight > 1 {
				fmt.Fprintf(&b, ",%d", m.Weight)
			}
		}
		if n.GroupType == NexthopGroupResilient {
			b.WriteString(" type resilient")
			if r := n.Resilient; r != nil {
				fmt.Fprintf(&b, " buckets %d idle_timer %d unbalanced_timer %d unbalanced_time %d",
					r.Buckets, int64(r.IdleTimer/time.Second), int64(r.UnbalancedTimer/time.Second), int64(r.UnbalancedTime/time.Second))
			}
		}
	}
	if n.Gateway.IsValid() {
		b.WriteString(" via " + n.Gateway.String())
	}
	if n.OutIndex != 0 {
		b.WriteString(" dev " + linkRef(n.OutIndex)) // known by index only, as format.go prints links
	}
	if n.Blackhole {
		b.WriteString(" blackhole")
	}
	if n.Scope != ScopeUniverse && !n.Blackhole && len(n.Group) == 0 {
		b.WriteString(" scope " + n.Scope.String())
	}
	if n.Protocol != ProtoUnspec {
		b.WriteString(" proto " + n.Protocol.String())
	}
	if f := n.Flags.String(); f != "" {
		b.WriteString(" " + f)
	}
	if n.FDB {
		b.WriteString(" fdb")
	}
	return b.String()
}

// NexthopFilter selects nexthops; the kernel applies it. Zero fields
// match everything.
type NexthopFilter struct {
	OutIndex int  // NHA_OIF: nexthops out of this link
	Groups   bool // NHA_GROUPS: groups only
	FDB      bool // NHA_FDB: FDB nexthops only
}

func (f NexthopFilter) match(n *Nexthop) bool {
	return (f.OutIndex == 0 || n.OutIndex == f.OutIndex) && (!f.Groups || len(n.Group) > 0) && (!f.FDB || n.FDB)
}

func nexthopDump(f NexthopFilter) dumpSpec[Nexthop] {
	return dumpSpec[Nexthop]{"nexthop dump", linux.RTM_GETNEXTHOP, linux.RTM_NEWNEXTHOP,
		func(b []byte) []byte { return appendNexthopDumpRequest(b, f) }, decodeNexthopWith, f.match}
}

// Nexthops lists the nexthop objects that match f (Linux; emulated
// backends answer ErrNotSupported).
func (h *Handle) Nexthops(ctx context.Context, f NexthopFilter) ([]Nexthop, error) {
	if f.OutIndex < 0 {
		return nil, invalid("nexthop dump", "OutIndex", "%d is not a link index", f.OutIndex)
	}
	return dumpSlice(ctx, h, nexthopDump(f))
}

// NexthopByID gets one nexthop; the error matches ErrNotFound when it
// does not exist.
func (h *Handle) NexthopByID(ctx context.Context, id uint32) (Nexthop, error) {
	var n Nexthop
	found := false
	err := h.request(ctx, "nexthop get", linux.RTM_GETNEXTHOP, 0, func(b []byte) []byte {
		return appendNexthop(b, &Nexthop{ID: id})
	}, func(mh nlmsg.Header, p []byte) error {
		if mh.Type != linux.RTM_NEWNEXTHOP {
			return fmt.Errorf("netinfo: nexthop get: unexpected reply type %d", mh.Type)
		}
		found = true
		return decodeNexthop(p, &n)
	})
	if err != nil {
		if errors.Is(err, syscall.ENOENT) {
			return Nexthop{}, fmt.Errorf("%w (%v)", ErrNotFound, err)
		}
		return Nexthop{}, err
	}
	if !found {
		return Nexthop{}, fmt.Errorf("netinfo: nexthop get: %w", ErrNotFound)
	}
	return n, nil
}

// AddNexthop adds a nexthop object; the error matches syscall.EEXIST if
// its ID is taken. ID 0 lets the kernel choose one, which the caller
// then learns from Nexthops. A zero Family comes from Gateway, else is
// IPv4 (but for a group), as with ip nexthop add.
func (h *Handle) AddNexthop(ctx context.Context, n Nexthop) error {
	return h.changeNexthop(ctx, "nexthop add", linux.RTM_NEWNEXTHOP, linux.NLM_F_CREATE|linux.NLM_F_EXCL, n)
}

// ReplaceNexthop adds a nexthop object or replaces the one of its ID;
// routes using it follow.
func (h *Handle) ReplaceNexthop(ctx context.Context, n Nexthop) error {
	return h.changeNexthop(ctx, "nexthop replace", linux.RTM_NEWNEXTHOP, linux.NLM_F_CREATE|linux.NLM_F_REPLACE, n)
}

// DelNexthop deletes a nexthop object. The kernel also deletes the
// routes that use it, without a message for each: a Watcher of routes
// reads them again (see Watch).
func (h *Handle) DelNexthop(ctx context.Context, id uint32) error {
	if id == 0 {
		return invalid("nexthop del", "ID", "0 names no nexthop")
	}
	return h.change(ctx, "nexthop del", linux.RTM_DELNEXTHOP, 0, func(b []byte) []byte {
		return appendNexthop(b, &Nexthop{ID: id})
	})
}

func (h *Handle) changeNexthop(ctx context.Context, op string, typ, flags uint16, n Nexthop) error {
	if err := n.prepare(op); err != nil {
		return err
	}
	return h.change(ctx, op, typ, flags, func(b []byte) []byte { return appendNexthop(b, &n) })
}

// prepare checks n for an add or replace and fills in its family.
func (n *Nexthop) prepare(op string) error {
	if err := checkFamily(op, "Family", n.Family, FamilyInet, FamilyInet6); err != nil {
		return err
	}
	if err := checkAddrFamily(op, "Gateway", n.Gateway, n.Family); err != nil {
		return err
	}
	if err := checkIndex(op, "OutIndex", n.OutIndex); err != nil {
		return err
	}
	kinds := 0
	for _, set := range []bool{n.Gateway.IsValid() || n.OutIndex != 0, n.Blackhole, len(n.Group) > 0} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return invalid(op, "Nexthop", "give exactly one of a gateway or link, Blackhole, or Group")
	}
	for i, m := range n.Group {
		if m.ID == 0 || m.Weight < 0 || m.Weight > 256 {
			return invalid(op, fmt.Sprintf("Group[%d]", i), "id %d weight %d (ids are positive, weights 1-256)", m.ID, m.Weight)
		}
	}
	if n.Resilient != nil && n.GroupType != NexthopGroupResilient {
		return invalid(op, "Resilient", "set on a group of type %s", n.GroupType)
	}
	if n.Family == FamilyAll && len(n.Group) == 0 {
		n.Family = FamilyInet
		if n.Gateway.IsValid() {
			n.Family = familyOf(n.Gateway.Is4())
		}
	}
	return nil
}
