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
//
// # What a watcher learns that Linux does not announce
//
// A [Watcher]'s view, and its consumer's, must equal a fresh dump after
// any change. Linux announces most changes object by object, but makes
// some without a message, or sends the message before it has finished
// the change. For each such case the watcher reads again only what can
// have changed (the routes of one link with a filtered dump, RTA_OIF
// under strict checking, the addresses of one link, the routes to one
// destination), after a link request that Linux answers only under RTNL,
// which the change holds until it is complete; it then sends the
// difference from its view as ordinary EventNew and EventDel events.
// Dead and linkdown next-hop flags are learnt the same way, from the
// dump that follows the link event, because the kernel never announces
// them. The cases, as Linux 6.18 does them (net/ipv4/fib_frontend.c,
// fib_semantics.c, fib_trie.c, net/ipv6/addrconf.c, route.c,
// net/core/neighbour.c, dev.c), each checked in a namespace by
// conformance's TestSilentChanges:
//
//	change                        Linux tells                      the watcher
//	link admin down               RTM_NEWLINK, sent before the     re-reads the link's routes
//	                              flush; IPv4 routes flushed       and addresses after the link
//	                              silently, multipath next hops    request (barrier)
//	                              marked dead; IPv6 addresses and
//	                              routes deleted with messages
//	                              (fe80::/64 and ff00::/8 stay,
//	                              flagged linkdown); neighbours
//	                              deleted with messages
//	link admin up                 RTM_NEWLINK; dead next hops      re-reads the link's routes
//	                              revived silently (fib_sync_up)
//	carrier lost or back (veth    RTM_NEWLINK; routes' and next    re-reads the link's routes
//	peer down or up)              hops' linkdown flag set or
//	                              cleared silently, IPv4 and IPv6
//	carrier lost and back, or     one RTM_NEWLINK equal to the     re-reads the link's routes on
//	back and lost, before the     last (the link watch takes       any event of an up link, even
//	link watch runs               both together); a route made     one that changes nothing
//	                              between was announced with the
//	                              carrier it saw, then flagged or
//	                              cleared silently
//	link deleted                  addresses, neighbours, IPv6      deletes what its view holds
//	                              routes deleted with messages     on the link; re-reads the
//	                              before RTM_DELLINK; IPv4 routes  destination of each multipath
//	                              flushed silently; an IPv6        route that used it
//	                              multipath route loses the next
//	                              hop, announced as a deletion of
//	                              that hop only
//	MTU change                    RTM_NEWLINK; below 1280 IPv6     re-reads the link's routes
//	                              stops on the link: addresses     (and the destinations of
//	                              and routes deleted with          multipath routes that shrank)
//	                              messages, a multipath route
//	                              shrinks as above
//	master set or unset           RTM_NEWLINK; joining or leaving  re-reads the link's routes
//	                              an L3 master (VRF) flushes its
//	                              IPv4 routes silently
//	IPv4 address deleted          RTM_DELADDR before the change;   re-reads the link's routes,
//	                              routes preferring it as source   and those of links with
//	                              removed (announced since 6.x);   routes preferring the address
//	                              the link's last one: all its
//	                              IPv4 routes flushed silently
//	IPv4 address added            RTM_NEWADDR; dead next hops on   re-reads the link's routes
//	                              the link revived silently        when its view holds a dead one
//	IPv6 address deleted          RTM_DELADDR; the link's routes   re-reads the link's routes
//	                              preferring it lose their source
//	                              silently (rt6_remove_prefsrc)
//	disable_ipv6 set              addresses and routes deleted     re-reads the link's routes on
//	                              with messages; multipath next    the address deletions
//	                              hops marked dead silently
//	disable_ipv6 cleared          IPv6's own RTM_NEWLINK (group    re-reads the link's routes
//	                              RTNLGRP_IPV6_IFINFO), after      when its view holds a dead
//	                              dead next hops were revived      one
//	                              silently
//	keep_addr_on_down, link down  permanent IPv6 addresses kept,   re-reads the link's addresses
//	                              made tentative silently          on the link event
//
// A watcher of routes alone also joins the address groups and IPv6's
// link group for this; it does not deliver their events. A view filled
// without [WithInitialState] is told only about objects it already
// holds. Lost events (ENOBUFS) are a separate matter, handled by a
// resync of every watched kind (see [Watcher]).
package netinfo
