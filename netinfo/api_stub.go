package netinfo

// This file fixes the public API's signatures so that every part of the
// project can build against it; the bodies land in handle.go, dump.go,
// watch.go, raw.go and set.go.

import (
	"context"
	"iter"
	"time"

	"github.com/mdlayher/netlink"
)

// An Option configures Open.
type Option func(*options)

type options struct {
	dial   func(context.Context) (Conn, error)
	netns  string
	rcvbuf int
}

// WithNetNS opens the handle in the network namespace at path (Linux;
// elsewhere Open fails with ErrNotSupported).
func WithNetNS(path string) Option { return func(o *options) { o.netns = path } }

// WithTransport makes the handle speak RTNL over t instead of the
// platform default. t may return its own connection type, such as
// *rtnlemu.Conn: netinfo.WithTransport(rtnlemu.New(src)).
func WithTransport[C Conn](t Dialer[C]) Option {
	return func(o *options) {
		o.dial = func(ctx context.Context) (Conn, error) {
			c, err := t.Dial(ctx)
			if err != nil {
				return nil, err
			}
			return c, nil
		}
	}
}

// WithReceiveBuffer sets the kernel receive buffer of the handle's
// sockets in bytes (Linux). The default is sized for event storms.
func WithReceiveBuffer(bytes int) Option { return func(o *options) { o.rcvbuf = bytes } }

// A Handle is an open view of one network stack. Its methods are safe for
// concurrent use.
type Handle struct{ stub struct{} }

// Open opens the platform's default transport (or the one given with
// WithTransport).
func Open(opts ...Option) (*Handle, error) { return nil, ErrNotSupported }

// Close releases the handle; watchers and raw connections opened from it
// stop.
func (h *Handle) Close() error { return nil }

// Links lists every link.
func (h *Handle) Links(ctx context.Context) ([]Link, error) { return nil, ErrNotSupported }

// LinksSeq yields every link without collecting them.
func (h *Handle) LinksSeq(ctx context.Context) iter.Seq2[Link, error] { return nil }

// LinkByIndex gets one link; ErrNotFound when it does not exist.
func (h *Handle) LinkByIndex(ctx context.Context, index int) (Link, error) {
	return Link{}, ErrNotSupported
}

// LinkByName gets one link; ErrNotFound when it does not exist.
func (h *Handle) LinkByName(ctx context.Context, name string) (Link, error) {
	return Link{}, ErrNotSupported
}

// Addrs lists the addresses that match f.
func (h *Handle) Addrs(ctx context.Context, f AddrFilter) ([]Addr, error) {
	return nil, ErrNotSupported
}

// AddrsSeq yields the addresses that match f.
func (h *Handle) AddrsSeq(ctx context.Context, f AddrFilter) iter.Seq2[Addr, error] { return nil }

// Routes lists the routes that match f, from every table unless f.Table
// is set.
func (h *Handle) Routes(ctx context.Context, f RouteFilter) ([]Route, error) {
	return nil, ErrNotSupported
}

// RoutesSeq yields the routes that match f.
func (h *Handle) RoutesSeq(ctx context.Context, f RouteFilter) iter.Seq2[Route, error] { return nil }

// Neighbors lists the neighbours that match f.
func (h *Handle) Neighbors(ctx context.Context, f NeighFilter) ([]Neighbor, error) {
	return nil, ErrNotSupported
}

// NeighborsSeq yields the neighbours that match f.
func (h *Handle) NeighborsSeq(ctx context.Context, f NeighFilter) iter.Seq2[Neighbor, error] {
	return nil
}

// SetLinkUp sets IFF_UP on a link.
func (h *Handle) SetLinkUp(ctx context.Context, index int) error { return ErrNotSupported }

// SetLinkDown clears IFF_UP on a link.
func (h *Handle) SetLinkDown(ctx context.Context, index int) error { return ErrNotSupported }

// SetLinkMTU sets a link's MTU.
func (h *Handle) SetLinkMTU(ctx context.Context, index int, mtu uint32) error {
	return ErrNotSupported
}

// SetLinkName renames a link (the kernel wants it down).
func (h *Handle) SetLinkName(ctx context.Context, index int, name string) error {
	return ErrNotSupported
}

// SetLinkAlias sets a link's alias; "" clears it.
func (h *Handle) SetLinkAlias(ctx context.Context, index int, alias string) error {
	return ErrNotSupported
}

// AddAddr adds an address; EEXIST if it is there.
func (h *Handle) AddAddr(ctx context.Context, a Addr) error { return ErrNotSupported }

// ReplaceAddr adds an address or updates it in place.
func (h *Handle) ReplaceAddr(ctx context.Context, a Addr) error { return ErrNotSupported }

// DelAddr deletes an address.
func (h *Handle) DelAddr(ctx context.Context, a Addr) error { return ErrNotSupported }

// AddRoute adds a route; EEXIST if it is there.
func (h *Handle) AddRoute(ctx context.Context, r Route) error { return ErrNotSupported }

// ReplaceRoute adds a route or replaces the one with the same key.
func (h *Handle) ReplaceRoute(ctx context.Context, r Route) error { return ErrNotSupported }

// DelRoute deletes a route.
func (h *Handle) DelRoute(ctx context.Context, r Route) error { return ErrNotSupported }

// AddNeighbor adds a neighbour; EEXIST if it is there.
func (h *Handle) AddNeighbor(ctx context.Context, n Neighbor) error { return ErrNotSupported }

// ReplaceNeighbor adds or updates a neighbour.
func (h *Handle) ReplaceNeighbor(ctx context.Context, n Neighbor) error { return ErrNotSupported }

// DelNeighbor deletes a neighbour.
func (h *Handle) DelNeighbor(ctx context.Context, n Neighbor) error { return ErrNotSupported }

// WatchKind is a set of object kinds to watch.
type WatchKind uint8

// Kinds to watch.
const (
	WatchLinks WatchKind = 1 << iota
	WatchAddrs
	WatchRoutes
	WatchNeighbors

	WatchAll = WatchLinks | WatchAddrs | WatchRoutes | WatchNeighbors
)

// EventType says what an Event is.
type EventType uint8

// Event types.
const (
	EventNew         EventType = iota + 1 // an object appeared or changed
	EventDel                              // an object went away
	EventResyncStart                      // events were lost; the difference follows
	EventResyncDone                       // the view is consistent again
	EventInitialDone                      // WithInitialState: the current state has been sent
)

// String prints new, del, resync-start, resync-done or initial-done.
func (t EventType) String() string {
	switch t {
	case EventNew:
		return "new"
	case EventDel:
		return "del"
	case EventResyncStart:
		return "resync-start"
	case EventResyncDone:
		return "resync-done"
	case EventInitialDone:
		return "initial-done"
	}
	return itoa(uint64(t))
}

// An Event is one change. Exactly one of Link, Addr, Route and Neighbor
// is set for EventNew and EventDel; none for the markers.
type Event struct {
	Type     EventType
	Link     *Link
	Addr     *Addr
	Route    *Route
	Neighbor *Neighbor
}

// A WatchOption configures Watch.
type WatchOption func(*watchOptions)

type watchOptions struct {
	initial bool
	family  Family
	buffer  int
}

// WithInitialState makes the watcher first emit the current state as
// EventNew events, then EventInitialDone, then changes, with no gap and
// no duplicate between the two.
func WithInitialState() WatchOption { return func(o *watchOptions) { o.initial = true } }

// WithWatchFamily restricts address, route and neighbour events to one
// family.
func WithWatchFamily(f Family) WatchOption { return func(o *watchOptions) { o.family = f } }

// A Watcher delivers events until its context ends or it is closed.
type Watcher struct{ stub struct{} }

// Watch subscribes to changes of the given kinds.
func (h *Handle) Watch(ctx context.Context, kinds WatchKind, opts ...WatchOption) (*Watcher, error) {
	return nil, ErrNotSupported
}

// Events is the channel of events; it is closed when the watcher stops.
func (w *Watcher) Events() <-chan Event { return nil }

// Err tells why the watcher stopped, once Events is closed: nil after
// Close or context end.
func (w *Watcher) Err() error { return nil }

// Close stops the watcher and waits for its goroutine to end.
func (w *Watcher) Close() error { return nil }

// Raw returns raw RTNL access over a connection of its own, opened on
// first use.
func (h *Handle) Raw() *RawConn { return nil }

// A RawConn sends any RTNL request and receives exactly its replies,
// while broadcast messages queue separately.
type RawConn struct{ stub struct{} }

// Execute sends m (NLM_F_REQUEST is added; a zero sequence number is
// replaced by the next automatic one) and returns its replies: every
// part of a multi-part reply up to NLMSG_DONE, or the single reply; an
// NLMSG_ERROR with a non-zero errno becomes an *OpError.
func (r *RawConn) Execute(ctx context.Context, m netlink.Message) ([]netlink.Message, error) {
	return nil, ErrNotSupported
}

// Broadcast returns the next multicast message, waiting for one.
func (r *RawConn) Broadcast(ctx context.Context) (netlink.Message, error) {
	return netlink.Message{}, ErrNotSupported
}

// JoinGroup subscribes to an RTNLGRP_* group.
func (r *RawConn) JoinGroup(group uint32) error { return ErrNotSupported }

// LeaveGroup drops a subscription.
func (r *RawConn) LeaveGroup(group uint32) error { return ErrNotSupported }

// PortID is the connection's netlink port id.
func (r *RawConn) PortID() (uint32, error) { return 0, ErrNotSupported }

// Close closes the raw connection.
func (r *RawConn) Close() error { return nil }

var _ = time.Second
