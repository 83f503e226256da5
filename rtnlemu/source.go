package rtnlemu

import (
	"context"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/rtnlx/rtnlx/internal/linux"
)

// Kind is a set of object kinds.
type Kind uint8

// Object kinds.
const (
	KindLinks Kind = 1 << iota
	KindAddrs
	KindRoutes
	KindNeighbors

	KindAll = KindLinks | KindAddrs | KindRoutes | KindNeighbors
)

// A Snapshot is the state of a network at one moment, as RTNL records.
// Records carry exactly what the kernel would put in the matching
// RTM_NEW* message; the emulator encodes them unchanged.
type Snapshot struct {
	Links     []rtnetlink.LinkMessage
	Addrs     []rtnetlink.AddressMessage
	Routes    []rtnetlink.RouteMessage
	Neighbors []rtnetlink.NeighMessage
}

// A Source is a network whose state the emulator serves as RTNL. A
// backend (PF_ROUTE, IP Helper) or a test fake implements it.
type Source interface {
	// Snapshot reads the current state of the kinds asked for; other
	// kinds may be left empty. It must be safe for concurrent use.
	Snapshot(ctx context.Context, kinds Kind) (*Snapshot, error)
}

// A Change tells the emulator that the network may have changed.
type Change struct {
	// Kinds that may have changed; the emulator re-reads them and diffs.
	Kinds Kind
	// Overflow reports that the source lost events (a desync, a full
	// kernel buffer): subscribers get ENOBUFS and resynchronise.
	Overflow bool
}

// A Notifier is a Source that can report changes. The emulator calls
// Monitor in its own goroutine when the first multicast group is joined
// and cancels ctx when the last is left or the transport closes; Monitor
// must return promptly then. A Source that is not a Notifier is polled.
type Notifier interface {
	Monitor(ctx context.Context, changes chan<- Change) error
}

// Flags of a change request, as in the request's nlmsg_flags.
type Flags uint16

// Request flags (linux/netlink.h).
const (
	FlagReplace Flags = linux.NLM_F_REPLACE
	FlagExcl    Flags = linux.NLM_F_EXCL
	FlagCreate  Flags = linux.NLM_F_CREATE
	FlagAppend  Flags = linux.NLM_F_APPEND
)

// The optional setter interfaces below let an emulated transport answer
// RTM_NEW*/RTM_DEL* requests. An error that is a syscall.Errno is answered
// as that errno (host values: the emulator and the decoder run on the same
// host); any other error becomes EINVAL with the error's text as the
// extended ack. A Source without the interface answers EOPNOTSUPP.

// A LinkSetter changes existing links (RTM_NEWLINK/RTM_SETLINK on an
// index or name). msg.Flags/msg.Change give the IFF_* bits to change;
// attributes that are set (MTU != 0, Name != "", Alias != nil) are to be
// applied.
type LinkSetter interface {
	SetLink(ctx context.Context, msg *rtnetlink.LinkMessage) error
}

// An AddrSetter adds and deletes addresses.
type AddrSetter interface {
	AddAddr(ctx context.Context, msg *rtnetlink.AddressMessage, flags Flags) error
	DelAddr(ctx context.Context, msg *rtnetlink.AddressMessage) error
}

// A RouteSetter adds, replaces and deletes routes.
type RouteSetter interface {
	AddRoute(ctx context.Context, msg *rtnetlink.RouteMessage, flags Flags) error
	DelRoute(ctx context.Context, msg *rtnetlink.RouteMessage) error
}

// A NeighSetter adds, replaces and deletes neighbours.
type NeighSetter interface {
	AddNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage, flags Flags) error
	DelNeighbor(ctx context.Context, msg *rtnetlink.NeighMessage) error
}
