// Package rtnlemu serves RTNL (Linux rtnetlink) from any [Source] of
// network state, answering requests exactly as the kernel would: dumps,
// gets, acks, errors, multicast groups and overflow. The BSD and Windows
// backends are Sources; [Memory] is a scriptable in-memory one for tests.
//
// A [Transport] made with [New] dials [Conn]s whose method set is
// netinfo.Conn's, so netinfo.Open(netinfo.WithTransport(rtnlemu.New(src)))
// gives a netinfo handle over any Source.
//
// # What the emulated kernel answers
//
//   - RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE and RTM_GETNEIGH dumps
//     (NLM_F_DUMP): multi-part replies (NLM_F_MULTI) ending in NLMSG_DONE
//     with its int32 status, cut into datagrams of at most min(reader's
//     buffer, 32 KiB) as the reader receives, like netlink_dump. One dump
//     at a time per connection (EBUSY otherwise). AF_UNSPEC dumps come
//     family by family, IPv4 first.
//   - The kernel's strict checking of dump requests (NETLINK_GET_STRICT_CHK)
//     is always on: header fields that cannot filter must be zero (EINVAL)
//     and the filters apply: ifa_index; rtm_table/RTA_TABLE, RTA_OIF,
//     rtm_protocol, rtm_type, RTM_F_CLONED; ndm_ifindex/NDA_IFINDEX,
//     NDA_MASTER, NTF_PROXY; IFLA_MASTER, IFLA_LINKINFO kind (of a kind
//     some link has). Filtered replies carry NLM_F_DUMP_FILTERED, route
//     records always. A filter on a missing link is ENODEV, on a missing
//     table of the request's family ENOENT, in NLMSG_DONE as the kernel
//     reports dump errors. A request shorter than its family's header
//     is EINVAL, a filter attribute too short ERANGE. Either bit of
//     NLM_F_DUMP asks for a dump; a family with no handler of its own
//     dumps every family, as rtnl_dump_all does.
//   - RTM_GETLINK of one link by ifi_index or IFLA_IFNAME (ENODEV when
//     absent), RTM_GETNEIGH of one neighbour (ENOENT) and RTM_GETADDR of
//     one IPv6 address (EADDRNOTAVAIL; IPv4 has no such handler:
//     EOPNOTSUPP).
//   - RTM_NEWLINK/RTM_SETLINK on an existing link, RTM_NEWADDR/DELADDR,
//     RTM_NEWROUTE/DELROUTE and RTM_NEWNEIGH/DELNEIGH through the Source's
//     setters ([LinkSetter], [AddrSetter], [RouteSetter], [NeighSetter]),
//     EOPNOTSUPP without them. With NLM_F_ECHO the requester first gets
//     what its IPv4 address or route request changed, addressed to it,
//     as the kernel echoes its notifications (changes to an existing
//     link, IPv6 addresses and neighbours are notified without the
//     requester: no echo). Creating or deleting links and every other
//     message type are EOPNOTSUPP.
//   - Route lookups (RTM_GETROUTE without NLM_F_DUMP, `ip route get`),
//     checked as a strict kernel checks them, answered by the Source's
//     [RouteGetter] (the OS's own lookup) or else by a longest-prefix
//     match over the snapshot as the kernel's output lookup without
//     policy rules: tables local, main, default; reject routes answer
//     EINVAL (blackhole), EHOSTUNREACH (unreachable), EACCES (prohibit);
//     no route ENETUNREACH; the source address chosen as the kernel
//     chooses it; RTM_F_FIB_MATCH gives the table's route.
//   - NLMSG_ERROR carries the host's syscall.Errno (the emulator and the
//     decoder run on the same host), the request's sequence number, the
//     requester's port id, and the request: its header only for an
//     acknowledgement (NLM_F_CAPPED), all of it for an error, plus an
//     extended-ack message (NLM_F_ACK_TLVS) when there is text to give.
//     Malformed requests are EINVAL; messages that are not requests are
//     only acknowledged when asked.
//   - Attributes are checked against the kernel's nla_policy table of
//     each handler (ifla_policy, ifa_ipv4_policy, ifa_ipv6_policy,
//     rtm_ipv4_policy, rtm_ipv6_policy, nda_policy, as Linux 6.18 has
//     them) the way lib/nlattr.c does: a value shorter than its type, an
//     empty string, a string or binary over its length, or a value out
//     of its range is ERANGE; a rejected type, a NUL string without its
//     NUL or a reserved bit is EINVAL; from the table's
//     strict_start_type on, a wrong length, an unknown type or a wrong
//     NLA_F_NESTED is EINVAL too. Change requests are parsed as
//     nlmsg_parse_deprecated does: types above the table's maxtype are
//     ignored, a longer fixed-size value is read for its first bytes,
//     and a malformed attribute ends the parse, the acknowledgement then
//     carrying the kernel's "bytes leftover" warning (neighbour deletes
//     parse nothing: the first NDA_DST is read). Dumps and gets are
//     parsed strictly (nlmsg_parse_deprecated_strict): types above
//     maxtype and bytes left over are EINVAL as well. The handlers' own checks follow in the kernel's order:
//     MTUs (0, below 68 or above 65535 on links but loopback are EINVAL),
//     IPv4 route types and prefixes with host bits set, a unicast route
//     without a device (ENODEV), missing tables on delete (ESRCH),
//     neighbours' link-layer addresses; a link change setting
//     IFLA_CARRIER, IFLA_PROTO_DOWN or IFLA_PROTO_DOWN_REASON is
//     EOPNOTSUPP after its other changes apply, as for every device
//     without ndo_change_carrier or protodown support (of a Source's
//     links only a tun has the first: carrier on is EPERM, as for a tun
//     without a queue attached).
//
// # Where rtnlemu answers differently
//
// A differential test sends a corpus of several hundred requests (every
// message type served; valid, edge and malformed) to a kernel in a
// namespace and to rtnlemu loaded with the same state, and compares the
// answers. Besides the request types listed above as EOPNOTSUPP, these
// differences remain, each because emulating it would need kernel state
// a Source does not have:
//
//   - AF_BRIDGE link and neighbour requests and AF_INET6 link dumps,
//     which the kernel serves from other handlers (bridge ports, the
//     bridge FDB, IPv6 link data): rtnlemu answers the generic link
//     dump, nothing for the FDB, EOPNOTSUPP for changes.
//   - The check that a gateway is reachable, and that a route's link is
//     up: the kernel looks an IPv4 gateway up among routes of link or
//     host scope (fib_check_nh) and answers ENETUNREACH where none
//     covers it, EINVAL, EHOSTUNREACH or EACCES where the route found is
//     not unicast or local, ENETDOWN where its link is down; it looks
//     an IPv6 gateway that is not link-local up (ip6_validate_gw) and
//     answers EHOSTUNREACH where no route leads to it, or EINVAL for one
//     on link whose route is not unicast through that link. The systems
//     rtnlemu serves take such routes.
//   - In route lookups: input lookups (RTA_IIF, which need forwarding
//     state) are EOPNOTSUPP; a multipath route's next hop is its first
//     usable one, where the kernel hashes the flow with a seed of its
//     own; source-specific (RTA_SRC) routes are skipped.
//   - An IPv6 route from a source prefix (rtm_src_len, RTA_SRC) keeps
//     its source prefix's length and not its address (a RouteMessage
//     has no RTA_SRC): two routes to one destination from sources of
//     one length are one route to rtnlemu (EEXIST for the second, a
//     delete of either deletes the first). The length is kept, and a
//     delete from a source prefix where the destination has no route
//     from any matches the destination's own routes, as fib6_locate
//     does.
//   - IPv4 routes of one prefix, TOS, metric and table that differ in
//     type, protocol, scope or preferred source are aliases the kernel
//     keeps side by side when added without NLM_F_EXCL; a Source keeps
//     one route per prefix, TOS, metric, table, device and gateway, so
//     rtnlemu answers EEXIST. A replace that matches an alias other
//     than the first is EEXIST in the kernel (fib_table_insert) and
//     replaces rtnlemu's one route.
//   - An NLM_F_REPLACE of an IPv4 route by one the kernel finds equal
//     (the same type and fib_info) changes and notifies nothing
//     (fib_table_insert); rtnlemu finds it equal on what a Source keeps
//     of a route. The kernel also keeps what it does not report: a
//     single-path route's rtm_flags but RTNH_F_ONLINK, OFFLOAD and TRAP,
//     a next hop's RTNH_F_PERVASIVE, and what a Source does not keep
//     (realms, encapsulations, metrics but MTU, ADVMSS, INITCWND,
//     FEATURES and INITRWND). A replace that differs from the route only
//     in those is echoed by the kernel and not by rtnlemu; one carrying
//     what a Source does not keep is always a replace in rtnlemu, and
//     echoed.
//   - An IPv6 multicast address added with IFA_F_MCAUTOJOIN joins its
//     group on a socket of the kernel's, which leaves it only when the
//     address is deleted by RTM_DELADDR; when the address goes another
//     way (the link's IPv6 going with an MTU below 1280), the membership
//     stays, and adding the address again is EADDRINUSE. A Source keeps
//     no memberships: rtnlemu answers as for any address (Memory, which
//     keeps a link's addresses whatever its MTU, answers EEXIST).
//   - An IPv4 RTM_DELADDR naming no address deletes the link's first
//     address in the kernel; rtnlemu refuses it (EINVAL).
//   - A table the kernel created for a route add that then failed
//     stays, empty, in the kernel; a Source's snapshot cannot show an
//     empty table, so a route dump filtered by it is ENOENT ("FIB table
//     does not exist") in rtnlemu and empty in the kernel, and deleting
//     IPv6 ::/0 from it is ESRCH in rtnlemu and ENOENT (the table's null
//     entry) in the kernel, as is an IPv6 delete of a cached route
//     (RTM_F_CLONED): success in the kernel, which finds no cache there.
//   - A bridge's options and a bridge port's (IFLA_INFO_DATA of kind
//     bridge, IFLA_INFO_SLAVE_DATA in IFLA_LINKINFO) are EOPNOTSUPP: a
//     Source has no driver options to change. A port's options pass
//     br_port_policy first; the values the bridge driver then refuses
//     (a port priority above 63: ERANGE) are EOPNOTSUPP too. Of the drivers' own checks
//     of a new-link request (rtnl_link_ops.validate), those of veth,
//     bridge and tun are made; other kinds go on as kinds the kernel
//     does not know.
//   - Route dumps of RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR and AF_MPLS are
//     answered as by a kernel with multicast routing and MPLS and none
//     of those routes: empty. A kernel built without them (as the one
//     the differential test runs on) has no handler for these families
//     and dumps every family's routes instead.
//   - A route's encapsulation type (RTA_ENCAP_TYPE) is checked as by a
//     kernel with the MPLS, IP, IP6 and BPF encapsulations: MPLS
//     labels are what a Source keeps of one. The kernel the
//     differential test runs on lacks MPLS (EOPNOTSUPP).
//   - Attaching an XDP program (IFLA_XDP_FD of 0 or more) is
//     EOPNOTSUPP: an emulated link runs no BPF, and the descriptor is
//     the requester's; the kernel answers EBADF or EINVAL for a
//     descriptor that is not a BPF program.
//   - An MTU of 0 on loopback, which the kernel takes (and with it the
//     link's IPv4 state), is EOPNOTSUPP: a LinkSetter cannot be asked for
//     it (a zero MTU in its request means no change).
//   - Per-family link settings (IFLA_AF_SPEC: IPv4 device settings, the
//     IPv6 token and address generation mode) are EOPNOTSUPP after the
//     kernel's checks of them: a Source keeps none of these settings.
//   - An address's metric (a non-zero IFA_RT_PRIORITY, the metric of
//     the prefix route the kernel adds for it) is EOPNOTSUPP after the
//     kernel's checks of the address: a Source keeps no such metric.
//   - A neighbour's extended flags (NDA_FLAGS_EXT: managed,
//     extern_valid) are EOPNOTSUPP after the kernel's checks of the
//     entry: a Source keeps no such flags.
//   - Turning a tun link's carrier off (IFLA_CARRIER 0), which the tun
//     driver does, is EOPNOTSUPP: a Source cannot change a carrier.
//   - Moving a link to another namespace (IFLA_NET_NS_PID,
//     IFLA_NET_NS_FD) is EOPNOTSUPP: rtnlemu serves one namespace, and
//     knows no namespace ids (IFLA_TARGET_NETNSID and IFA_TARGET_NETNSID
//     are EINVAL, as in a kernel namespace without peers).
//   - Which errors carry extended-ack text follows the kernel for the
//     requests of the corpus; for others the text, or its presence, may
//     differ.
//
// # Events
//
// Joining RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
// RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE or RTNLGRP_NEIGH on any
// connection starts watching the Source: its Monitor runs in a goroutine
// of the transport ([Notifier]), or the Source is polled
// ([WithPollInterval]). The baseline snapshot is read before JoinGroup
// returns. Each change re-reads the changed kinds and compares them with
// the last reading, record by record, by the kernel's keys and the
// encoded bytes: RTM_NEW* for what appeared or changed, RTM_DEL* for what
// went away (children before parents), each in a datagram of its own with
// sequence number 0 and port id 0, to every connection in the matching
// group. Leaving the last group, or closing, stops the watching and waits
// for its goroutines.
//
// While the Source is watched, every read a request makes of it (dumps
// and gets) goes through the same comparison, and its difference goes
// out as events before the request is answered: no connection is ever
// answered a state that the events skip. Without that, a record that
// came and went between two readings (the watching goroutine late on a
// busy machine) but was dumped in between would never be taken back
// from a listener that keeps what it dumped, as a watcher's view does.
// The kernel has no such gap: it queues each change's message as it
// makes it.
//
// Each connection queues at most [WithQueueLimit] multicast messages;
// beyond that they are dropped and the next Receive fails with ENOBUFS,
// once, as a full socket buffer does on Linux. A Source reporting
// Change{Overflow: true}, or one that cannot be read, gives the same
// ENOBUFS to every listener, which then resynchronises by dumping.
//
// # Writing a Source
//
// Snapshot must return records as the kernel would put them in RTM_NEW*
// messages (they are encoded unchanged: set both the header flags and
// IFA_FLAGS, rtm_table and RTA_TABLE, IFA_CACHEINFO lifetimes, and so on).
// A Notifier's Monitor should send Change{Kinds: KindAll} once it is
// watching: the transport reads its baseline before Monitor starts, and
// that first change catches whatever happened in between (the transport
// re-reads every kind on a Monitor's first change anyway, but without it
// such a change shows only with the next one). Changes may be coalesced:
// the transport re-reads every kind a pending change names. A Monitor
// that returns before its context ends makes the transport report
// ENOBUFS and poll from then on.
package rtnlemu
