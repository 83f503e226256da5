package main

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file renders records as ip -j does: its keys, in its order, with
// its value words. Each append function adds one object to b.

// linkJSONFields adds a link's members, as `ip -j link` prints them.
func linkJSONFields(o *jsonObject, l *netinfo.Link, names linkNames, groups groupNames, x linkExtra) {
	o.int("ifindex", int64(l.Index))
	linkJSONLower(o, l, names, x)
	o.str("ifname", l.Name)
	o.strings("flags", linkFlagWords(l.Flags, x))
	o.uint("mtu", uint64(l.MTU))
	if l.Qdisc != "" && !x.inet6 {
		o.str("qdisc", l.Qdisc)
	}
	if l.MasterIndex != 0 && !x.inet6 {
		o.str("master", names.name(l.MasterIndex))
	}
	o.str("operstate", l.OperState.String())
	if x.linkCmd || x.d == nil {
		o.str("linkmode", l.Mode.String())
	}
	if !x.inet6 {
		o.str("group", groups.word(l.Group))
	}
	o.uint("txqlen", uint64(l.TxQueueLen))
	if !x.noLinkLine {
		o.str("link_type", l.Type.String())
		if len(l.HardwareAddr) > 0 {
			o.str("address", l.HardwareAddr.String())
		}
		if len(l.Broadcast) > 0 {
			o.str("broadcast", l.Broadcast.String())
		}
	}
	linkAddrExtrasJSON(o, l, x)
	if x.details && x.d != nil {
		j := jsonDetails{o}
		detailsLimits(j, x.d)
		detailsLinkInfo(j, l, x.d, names, func() {})
		detailsTail(j, x.d, x.linkCmd)
	}
	if l.Alias != "" && (x.linkCmd || x.details || x.d == nil) { // addr prints it with -d only
		o.str("ifalias", l.Alias)
	}
	if x.linkCmd && x.stats > 0 {
		statsJSON(o, l, x.stats, true)
	}
	if x.d != nil && !x.inet6 && len(x.d.AltNames) > 0 {
		o.strings("altnames", x.d.AltNames)
	}
}

// statsJSON adds ip -s -j link's "stats64": the counters, and with -s -s
// (level 2) the detailed errors; the compressed and nohandler counters
// only when not zero, as ip prints them; carrier_changes only for a link
// record that has them (carrier: not ip -6 addr's AF_INET6 dump).
func statsJSON(o *jsonObject, l *netinfo.Link, level int, carrier bool) {
	if l.Stats == nil { // the source sent none: ip prints none
		return
	}
	st, e := l.Stats, &l.Stats.Errors
	o.key("stats64")
	so := beginObject(o.b)
	so.key("rx")
	rx := beginObject(so.b)
	rx.uints([]string{"bytes", "packets", "errors", "dropped", "over_errors", "multicast"},
		st.RxBytes, st.RxPackets, st.RxErrors, st.RxDropped, e.RxOver, st.Multicast)
	rx.nonZero("compressed", e.RxCompressed)
	if level > 1 {
		rx.uints([]string{"length_errors", "crc_errors", "frame_errors", "fifo_errors", "missed_errors"},
			e.RxLength, e.RxCRC, e.RxFrame, e.RxFIFO, e.RxMissed)
		rx.nonZero("nohandler", e.RxNoHandler)
	}
	so.b = rx.end()
	so.key("tx")
	tx := beginObject(so.b)
	tx.uints([]string{"bytes", "packets", "errors", "dropped", "carrier_errors", "collisions"},
		st.TxBytes, st.TxPackets, st.TxErrors, st.TxDropped, e.TxCarrier, st.Collisions)
	tx.nonZero("compressed", e.TxCompressed)
	if level > 1 {
		tx.uints([]string{"aborted_errors", "fifo_errors", "window_errors", "heartbeat_errors"},
			e.TxAborted, e.TxFIFO, e.TxWindow, e.TxHeartbeat)
		if carrier {
			tx.uint("carrier_changes", uint64(l.CarrierChanges))
		}
	}
	so.b = tx.end()
	o.b = so.end()
}

// appendLinkJSON adds one `ip -j link` object; deleted marks a monitor
// deletion.
func appendLinkJSON(b []byte, l *netinfo.Link, names linkNames, groups groupNames, deleted bool) []byte {
	o := beginObject(b)
	if deleted {
		o.boolean("deleted", true)
	}
	linkJSONFields(&o, l, names, groups, linkExtra{})
	return o.end()
}

// addrInfoFields adds an address's members, as one element of ip -j's
// addr_info array.
func addrInfoFields(o *jsonObject, a *netinfo.Addr) {
	o.str("family", a.Family.String())
	o.addr("local", a.Prefix.Addr())
	if a.Peer.IsValid() {
		o.str("address", a.Peer.String())
	}
	o.int("prefixlen", int64(a.Prefix.Bits()))
	if a.Metric != 0 {
		o.uint("metric", uint64(a.Metric))
	}
	if a.Broadcast.IsValid() {
		o.str("broadcast", a.Broadcast.String())
	}
	o.str("scope", a.Scope.String())
	words, unknown := addrFlagList(a.Family, a.Flags)
	for _, w := range words {
		o.boolean(w, true)
	}
	if unknown != 0 {
		o.str("ifa_flags", hex2(uint64(unknown)))
	}
	if a.Label != "" {
		o.str("label", a.Label)
	}
	o.uint("valid_life_time", lifetimeSeconds(a.ValidLifetime))
	o.uint("preferred_life_time", lifetimeSeconds(a.PreferredLifetime))
}

// hex2 prints v as ip's "%02x".
func hex2(v uint64) string {
	s := strconv.FormatUint(v, 16)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

// appendAddrLinkJSON adds one `ip -j addr` object: the link with its
// addresses in addr_info.
func appendAddrLinkJSON(b []byte, l *netinfo.Link, addrs []*netinfo.Addr, names linkNames, groups groupNames, x linkExtra) []byte {
	o := beginObject(b)
	if l != nil { // nil: the link's own members are left out (a label selector)
		linkJSONFields(&o, l, names, groups, x)
	}
	o.key("addr_info")
	o.b = append(o.b, '[')
	for i, a := range addrs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		if a == nil { // an address the selectors leave out: ip -j prints {}
			o.b = append(o.b, "{}"...)
			continue
		}
		ao := beginObject(o.b)
		if x.addrDev {
			ao.int("index", int64(a.Index))
			ao.str("dev", names.name(a.Index))
		}
		addrInfoFields(&ao, a)
		o.b = ao.end()
	}
	o.b = append(o.b, ']')
	if l != nil && !x.linkCmd && x.stats > 0 {
		statsJSON(&o, l, x.stats, !x.inet6)
	}
	return o.end()
}

// appendAddrEventJSON adds an address event as ip's monitor prints one:
// the link's index and name, then the addr_info members.
func appendAddrEventJSON(b []byte, a *netinfo.Addr, names linkNames, deleted bool) []byte {
	o := beginObject(b)
	if deleted {
		o.boolean("deleted", true)
	}
	o.int("index", int64(a.Index))
	o.str("dev", names.name(a.Index))
	addrInfoFields(&o, a)
	return o.end()
}

// routeStyle says which optional parts of a route ip prints in the
// current listing.
type routeStyle struct {
	showTable bool       // the listing spans tables (`table all`, monitor): print "table" unless main
	hideDev   bool       // the listing is filtered by dev, which ip then leaves out
	tables    tableNames // names of tables from rt_tables; nil for the built-in ones only
	fixed     routeFixed // what the selectors fix, which ip leaves out
	dsfields  rtNames    // names of TOS values (rt_dsfield)
	realms    rtNames    // names of realms (rt_realms)
	details   bool       // -d: print the type, table, protocol and scope ip leaves out by default
	oneline   bool       // -o: a multipath route's next hops on its line
	// lookup is the `route get` answer the route comes from: its mark,
	// uid, cache flags and input interface are printed in the route's
	// line where ip prints them.
	lookup *netinfo.RouteLookup
}

// typeShown, tableShown, protocolShown and scopeShown are ip's print_route
// conditions for the words it leaves out unless -d.
func (s routeStyle) typeShown(r *netinfo.Route) bool {
	return r.Type != netinfo.RouteUnicast || s.details
}

func (s routeStyle) tableShown(r *netinfo.Route) bool {
	return s.showTable && r.Table != 0 && (r.Table != netinfo.TableMain || s.details)
}

// protocolShown and scopeShown are false for a cached route, whose
// protocol and scope ip leaves out.
func (s routeStyle) protocolShown(r *netinfo.Route) bool {
	return (r.Protocol != netinfo.ProtoBoot || s.details) && r.Flags&netinfo.RouteCloned == 0 && !s.fixed.proto
}

func (s routeStyle) scopeShown(r *netinfo.Route) bool {
	return (r.Scope != netinfo.ScopeUniverse || s.details) && r.Flags&netinfo.RouteCloned == 0 && !s.fixed.scope
}

// appendRouteJSON adds one `ip -j route` object.
func appendRouteJSON(b []byte, r *netinfo.Route, names linkNames, style routeStyle, deleted bool) []byte {
	o := beginObject(b)
	if deleted {
		o.boolean("deleted", true)
	}
	if style.typeShown(r) {
		o.str("type", r.Type.String())
	}
	o.prefix("dst", r.Dst)
	if r.Src.IsValid() && r.Src.Bits() > 0 {
		o.prefix("from", r.Src)
	}
	if r.TOS != 0 && !style.fixed.tos {
		o.str("tos", style.dsfields.dsfieldWord(r.TOS))
	}
	if style.fixed.showsGateway(r) {
		gatewayJSON(&o, r.Family, r.Gateway)
	}
	if r.OutIndex != 0 && !style.hideDev {
		o.str("dev", names.name(r.OutIndex))
	}
	if style.tableShown(r) {
		o.str("table", style.tables.word(r.Table))
	}
	if style.protocolShown(r) {
		o.str("protocol", r.Protocol.String())
	}
	if style.scopeShown(r) {
		o.str("scope", r.Scope.String())
	}
	if r.PrefSrc.IsValid() && style.fixed.showsPrefSrc(r) {
		o.addr("prefsrc", r.PrefSrc)
	}
	if metricShown(r) && !style.fixed.metric {
		o.uint("metric", uint64(r.Priority))
	}
	o.strings("flags", routeFlagList(r.Flags))
	if r.Realms != 0 && !style.fixed.realms {
		realmsJSON(&o, r.Realms, style.realms)
	}
	if style.lookup != nil {
		lookupJSON(&o, style.lookup, r.Family)
	} else if r.Family == netinfo.FamilyInet && r.Flags&netinfo.RouteCloned != 0 {
		lookupJSON(&o, &netinfo.RouteLookup{Route: *r}, r.Family)
	}
	if r.Expires != 0 {
		o.int("expires", expiresSeconds(r))
	}
	if r.Metrics != nil {
		routeMetricsJSON(&o, r.Metrics)
	}
	if style.lookup != nil && style.lookup.InIndex != 0 {
		o.str("iif", names.name(style.lookup.InIndex))
	}
	if r.Pref != netinfo.RoutePrefNone {
		o.str("pref", r.Pref.String())
	}
	if len(r.NextHops) > 0 {
		o.key("nexthops")
		o.b = append(o.b, '[')
		for i := range r.NextHops {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			nh := &r.NextHops[i]
			no := beginObject(o.b)
			gatewayJSON(&no, r.Family, nh.Gateway)
			if nh.OutIndex != 0 {
				no.str("dev", names.name(nh.OutIndex))
			}
			no.int("weight", int64(nh.Weight))
			no.strings("flags", routeFlagList(nh.Flags))
			o.b = no.end()
		}
		o.b = append(o.b, ']')
	}
	return o.end()
}

// expiresSeconds is what ip prints of a route's expiry: whole seconds,
// truncated toward zero as its integer division does.
func expiresSeconds(r *netinfo.Route) int64 { return int64(r.Expires / time.Second) }

// metricShown follows ip, which prints RTA_PRIORITY when the kernel sends
// it: always for IPv6, only when set for IPv4.
func metricShown(r *netinfo.Route) bool {
	return r.Priority != 0 || r.Family == netinfo.FamilyInet6
}

// gatewayJSON adds a gateway: "gateway" in the route's own family, or
// ip's "via" object for a gateway of the other family (RTA_VIA).
func gatewayJSON(o *jsonObject, family netinfo.Family, gw netip.Addr) {
	if !gw.IsValid() {
		return
	}
	if gwf := familyOf(gw); gwf != family && (family == netinfo.FamilyInet || family == netinfo.FamilyInet6) {
		o.key("via")
		vo := beginObject(o.b)
		vo.str("family", gwf.String())
		vo.addr("host", gw)
		o.b = vo.end()
		return
	}
	o.addr("gateway", gw)
}

// appendNeighJSON adds one `ip -j neigh` object.
func appendNeighJSON(b []byte, n *netinfo.Neighbor, names linkNames, hideDev, deleted bool) []byte {
	return appendNeighFormJSON(b, n, names, neighForm{hideDev: hideDev, deleted: deleted})
}

// appendResyncJSON adds a resync marker line's object: {"resync":"start"}
// or {"resync":"done"}.
func appendResyncJSON(b []byte, phase string) []byte {
	o := beginObject(b)
	o.str("resync", phase)
	return o.end()
}
