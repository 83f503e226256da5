// Package netinfo is rtnlx's public API: one RTNL-shaped view of a
// machine's links, addresses, routes and neighbours, and a way to watch
// them change, on every OS.
//
// Linux answers natively over NETLINK_ROUTE. The BSDs, macOS and Windows
// answer through an emulation of RTNL (see package rtnlemu), so the same
// decoder and the same Watch logic serve every platform. The RTNL byte
// stream, carried by a [Conn], is the only contract between this package
// and a backend.
//
// A minimal program:
//
//	h, err := netinfo.Open()
//	if err != nil {
//		return err
//	}
//	defer h.Close()
//	links, err := h.Links(ctx)
package netinfo
