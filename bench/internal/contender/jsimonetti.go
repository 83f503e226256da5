package contender

import (
	"context"
	"fmt"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Jsimonetti dumps with jsimonetti/rtnetlink's typed List calls.
type Jsimonetti struct{ conn *rtnetlink.Conn }

// NewJsimonetti opens an rtnetlink connection in the namespace.
func NewJsimonetti(nsPath string) (*Jsimonetti, error) {
	fd, err := openNetNS(nsPath)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	conn, err := rtnetlink.Dial(&netlink.Config{NetNS: fd})
	if err != nil {
		return nil, fmt.Errorf("jsimonetti/rtnetlink: %w", err)
	}
	return &Jsimonetti{conn: conn}, nil
}

// Name implements Contender.
func (j *Jsimonetti) Name() string { return "jsimonetti/rtnetlink" }

// InProcess implements Contender.
func (j *Jsimonetti) InProcess() bool { return true }

// Close implements Contender.
func (j *Jsimonetti) Close() error { return j.conn.Close() }

// Dump implements Contender.
func (j *Jsimonetti) Dump(ctx context.Context, o Object) (Sample, error) {
	var n int
	var err error
	switch o {
	case Routes:
		var rs []rtnetlink.RouteMessage
		rs, err = j.conn.Route.List()
		n = len(rs)
	case Addrs:
		var as []rtnetlink.AddressMessage
		as, err = j.conn.Address.List()
		n = len(as)
	case Neighbors:
		var ns []rtnetlink.NeighMessage
		ns, err = j.conn.Neigh.List()
		n = len(ns)
	case Links:
		var ls []rtnetlink.LinkMessage
		ls, err = j.conn.Link.List()
		n = len(ls)
	}
	if err != nil {
		return Sample{}, fmt.Errorf("jsimonetti/rtnetlink: %w", err)
	}
	return Sample{Records: n}, nil
}

// Snapshot dumps every object kind as jsimonetti/rtnetlink messages, the
// record type rtnlemu serves.
func (j *Jsimonetti) Snapshot() (links []rtnetlink.LinkMessage, addrs []rtnetlink.AddressMessage,
	routes []rtnetlink.RouteMessage, neighs []rtnetlink.NeighMessage, err error) {
	if links, err = j.conn.Link.List(); err != nil {
		return
	}
	if addrs, err = j.conn.Address.List(); err != nil {
		return
	}
	if routes, err = j.conn.Route.List(); err != nil {
		return
	}
	neighs, err = j.conn.Neigh.List()
	return
}
