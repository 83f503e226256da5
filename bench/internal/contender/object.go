// Package contender holds the dump implementations the benchmark puts
// side by side: the floor, rtnlx, rtnlx over rtnlemu, the Go peers, and
// the external tools (pyroute2, ip).
package contender

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// An Object is a kind of RTNL object to dump.
type Object string

// The objects every contender dumps.
const (
	Routes    Object = "routes"
	Addrs     Object = "addrs"
	Neighbors Object = "neighs"
	Links     Object = "links"
)

// Objects lists every object in the order the table shows them.
var Objects = []Object{Routes, Addrs, Neighbors, Links}

// ParseObject turns a name into an Object.
func ParseObject(s string) (Object, error) {
	for _, o := range Objects {
		if string(o) == s {
			return o, nil
		}
	}
	return "", fmt.Errorf("unknown object %q (want routes, addrs, neighs or links)", s)
}

// ErrUnsupported is returned by a contender that cannot dump an object.
var ErrUnsupported = errors.New("not supported by this contender")

// dumpRequest returns the RTM_GET* message type and the family header
// (all families: AF_UNSPEC) of a dump of o.
func dumpRequest(o Object) (msgType uint16, header []byte) {
	switch o {
	case Routes:
		return unix.RTM_GETROUTE, make([]byte, unix.SizeofRtMsg)
	case Addrs:
		return unix.RTM_GETADDR, make([]byte, unix.SizeofIfAddrmsg)
	case Neighbors:
		return unix.RTM_GETNEIGH, make([]byte, unix.SizeofNdMsg)
	default:
		return unix.RTM_GETLINK, make([]byte, unix.SizeofIfInfomsg)
	}
}
