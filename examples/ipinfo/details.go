package main

import (
	"bytes"
	"os/user"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file renders what `ip -d link` and `ip -d addr` print of a link
// beyond the plain form (ip/ipaddress.c print_linkinfo with
// show_details, and the print_opt of the bridge, bridge_slave and tun
// kinds), text and JSON from one description, so the two cannot drift.

// linkExtra is what a link's lines print beyond netinfo.Link.
type linkExtra struct {
	d       *netinfo.LinkDetails // nil when only the Link is known (monitor)
	mdown   bool                 // the lower link is down: ip's M-DOWN flag
	details bool                 // -d
	// linkCmd is set for `link`, which prints the link mode and, with
	// -d, the IPv6 address generation mode; `addr` prints neither.
	linkCmd bool
	// noLinkLine leaves out the link/ members, as ip does when a family
	// filters the addresses (-4, -6, addr show to PREFIX) without -d;
	// inet6 leaves out what an AF_INET6 link dump (ip -6) lacks.
	noLinkLine, inet6 bool
	stats             int // -s, counted: link prints the counters (-s -s the detailed ones)
	// addrDev gives each address of ip -j -o addr its link's index and
	// name, as ip's one-line form does.
	addrDev bool
	// nsName names a namespace id as ip's link-netns does; nil prints
	// link-netnsid with the number.
	nsName func(id int32) (string, bool)
}

// appendLinkAddrExtras appends what ip prints on the link/ line after
// the addresses whatever the options: the permanent address where it
// differs, and the namespace of a peer in another one.
func appendLinkAddrExtras(b []byte, l *netinfo.Link, x linkExtra) []byte {
	if x.d == nil {
		return b
	}
	if p := x.d.PermHardwareAddr; len(p) > 0 && !bytes.Equal(p, l.HardwareAddr) {
		b = append(b, " permaddr "...)
		b = append(b, p.String()...)
	}
	if id := x.d.LinkNetNSID; id != nil {
		name, ok := "", false
		if *id >= 0 && x.nsName != nil {
			name, ok = x.nsName(*id)
		}
		switch {
		case *id < 0:
			b = append(b, " link-netnsid unknown"...)
		case ok:
			b = append(b, " link-netns "...)
			b = append(b, name...)
		default:
			b = append(b, " link-netnsid "...)
			b = strconv.AppendInt(b, int64(*id), 10)
		}
	}
	return b
}

// linkAddrExtrasJSON is appendLinkAddrExtras' JSON: "permaddr" and
// "link_netnsid".
func linkAddrExtrasJSON(o *jsonObject, l *netinfo.Link, x linkExtra) {
	if x.d == nil {
		return
	}
	if p := x.d.PermHardwareAddr; len(p) > 0 && !bytes.Equal(p, l.HardwareAddr) {
		o.str("permaddr", p.String())
	}
	if id := x.d.LinkNetNSID; id != nil {
		o.int("link_netnsid", int64(*id))
	}
}

// extraOf describes d for show; flags are the dump's links' flags by
// index, for M-DOWN.
func extraOf(d *netinfo.LinkDetails, flags map[int]netinfo.LinkFlags, details bool) linkExtra {
	x := linkExtra{d: d, details: details}
	// ip looks the lower link up in this namespace when IFLA_LINK names
	// one here; an index it cannot find counts as down too.
	if d.LinkIndex != nil && *d.LinkIndex != 0 && d.LinkNetNSID == nil {
		x.mdown = flags[*d.LinkIndex]&netinfo.LinkUp == 0
	}
	return x
}

// detailsOf indexes a dump's links for show: their Links, names and
// flags.
func detailsOf(ds []netinfo.LinkDetails) ([]netinfo.Link, linkNames, map[int]netinfo.LinkFlags) {
	links := make([]netinfo.Link, len(ds))
	flags := make(map[int]netinfo.LinkFlags, len(ds))
	for i := range ds {
		links[i] = ds[i].Link
		flags[ds[i].Index] = ds[i].Flags
	}
	return links, namesOf(links), flags
}

// linkDisplayName is ip's print_name_and_link in text: "name",
// "name@lower", "name@ifN" for a lower link in another namespace,
// "name@NONE" for an IFLA_LINK of 0.
func linkDisplayName(l *netinfo.Link, names linkNames, x linkExtra) string {
	if x.d == nil || x.d.LinkIndex == nil {
		return briefName(l, names)
	}
	switch i := *x.d.LinkIndex; {
	case i == 0:
		return l.Name + "@NONE"
	case x.d.LinkNetNSID != nil:
		return l.Name + "@if" + strconv.Itoa(i)
	default:
		return l.Name + "@" + names.name(i)
	}
}

// linkJSONLower adds ip -j's member for the lower link: "link" with its
// name, "link_index" for one in another namespace, or "link": null for
// an IFLA_LINK of 0.
func linkJSONLower(o *jsonObject, l *netinfo.Link, names linkNames, x linkExtra) {
	switch {
	case x.d == nil || x.d.LinkIndex == nil:
		if l.ParentIndex != 0 && l.ParentIndex != l.Index {
			o.str("link", names.name(l.ParentIndex))
		}
	case *x.d.LinkIndex == 0:
		o.null("link")
	case x.d.LinkNetNSID != nil:
		o.int("link_index", int64(*x.d.LinkIndex))
	default:
		o.str("link", names.name(*x.d.LinkIndex))
	}
}

// linkFlagWords is linkFlagList with ip's M-DOWN last.
func linkFlagWords(f netinfo.LinkFlags, x linkExtra) []string {
	words := linkFlagList(f)
	if x.mdown {
		words = append(words, "M-DOWN")
	}
	return words
}

// detailOut is where a detail goes: ip's text or its JSON. Each method
// takes ip's JSON key and its text word.
type detailOut interface {
	uint(key, word string, v uint64)
	str(key, word, v string)
	onOff(key, word string, v bool) // JSON true/false, text on/off
	hex(key, word string, v uint64) // print_0xhex: "%#llx", a JSON string
	timer(key string, centis uint64)
	textOnly(s string)
	jsonOnly(key string, v any)
	object(key string, fill func(detailOut)) // a nested JSON object; its members continue the text
}

// textDetails appends details as ip's text: "word value ".
type textDetails struct{ b []byte }

func (t *textDetails) word(w string) {
	t.b = append(t.b, w...)
	t.b = append(t.b, ' ')
}

func (t *textDetails) uint(_, word string, v uint64) {
	t.word(word)
	t.b = strconv.AppendUint(t.b, v, 10)
	t.b = append(t.b, ' ')
}

func (t *textDetails) str(_, word, v string) {
	t.word(word)
	t.word(v)
}

func (t *textDetails) onOff(_, word string, v bool) { t.str("", word, onOffWord(v)) }

func (t *textDetails) hex(_, word string, v uint64) { t.str("", word, hex0x(v)) }

// timer prints "%s %4i.%.2i ", as ip's bridge timers.
func (t *textDetails) timer(key string, centis uint64) {
	t.word(key)
	s := strconv.FormatUint(centis/100, 10)
	for n := len(s); n < 4; n++ {
		t.b = append(t.b, ' ')
	}
	t.b = append(t.b, s...)
	t.b = append(t.b, '.')
	t.b = append(t.b, centi2(centis)...)
	t.b = append(t.b, ' ')
}

func (t *textDetails) textOnly(s string) { t.b = append(t.b, s...) }

func (t *textDetails) jsonOnly(string, any) {}

func (t *textDetails) object(_ string, fill func(detailOut)) { fill(t) }

// jsonDetails adds details as members of a JSON object.
type jsonDetails struct{ o *jsonObject }

func (j jsonDetails) uint(key, _ string, v uint64) { j.o.uint(key, v) }

func (j jsonDetails) str(key, _, v string) { j.o.str(key, v) }

func (j jsonDetails) onOff(key, _ string, v bool) { j.o.boolean(key, v) }

func (j jsonDetails) hex(key, _ string, v uint64) { j.o.str(key, hex0x(v)) }

// timer prints ip's "%i.%.2i" as a bare JSON number.
func (j jsonDetails) timer(key string, centis uint64) {
	j.o.key(key)
	j.o.b = strconv.AppendUint(j.o.b, centis/100, 10)
	j.o.b = append(j.o.b, '.')
	j.o.b = append(j.o.b, centi2(centis)...)
}

func (j jsonDetails) textOnly(string) {}

func (j jsonDetails) jsonOnly(key string, v any) {
	switch v := v.(type) {
	case bool:
		j.o.boolean(key, v)
	case uint64:
		j.o.uint(key, v)
	case int64:
		j.o.int(key, v)
	case string:
		j.o.str(key, v)
	case []string:
		j.o.strings(key, v)
	}
}

func (j jsonDetails) object(key string, fill func(detailOut)) {
	j.o.key(key)
	sub := beginObject(j.o.b)
	fill(jsonDetails{&sub})
	j.o.b = sub.end()
}

func onOffWord(v bool) string {
	if v {
		return "on"
	}
	return "off"
}

// hex0x is C's "%#llx": "0" for zero, else "0x" and the hex digits.
func hex0x(v uint64) string {
	if v == 0 {
		return "0"
	}
	return "0x" + strconv.FormatUint(v, 16)
}

// centi2 is the hundredths of a timer as two digits.
func centi2(centis uint64) string {
	c := centis % 100
	return string([]byte{byte('0' + c/10), byte('0' + c%10)})
}

// bridgeIDText is ip's br_dump_bridge_id: "%.2x%.2x." and the address
// as ether_ntoa prints it, without leading zeros ("8000.2:0:5e:10:0:3").
func bridgeIDText(id *netinfo.BridgeID) string {
	b := make([]byte, 0, 24)
	const hex = "0123456789abcdef"
	p := id.Priority
	b = append(b, hex[p>>12], hex[p>>8&15], hex[p>>4&15], hex[p&15], '.')
	for i, c := range id.Addr {
		if i > 0 {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, uint64(c), 16)
	}
	return string(b)
}

// detailsLimits adds what ip prints with -d after the link/ line's
// addresses and before the link kind: promiscuity, allmulti and the MTU
// limits, in ip's formats " promiscuity %u ", " allmulti %u ",
// "minmtu %u ", "maxmtu %u ".
func detailsLimits(out detailOut, d *netinfo.LinkDetails) {
	if d.Promiscuity != nil {
		out.textOnly(" ")
		out.uint("promiscuity", "promiscuity", uint64(*d.Promiscuity))
	}
	if d.AllMulti != nil {
		out.textOnly(" ")
		out.uint("allmulti", "allmulti", uint64(*d.AllMulti))
	}
	if d.MinMTU != nil {
		out.uint("min_mtu", "minmtu", uint64(*d.MinMTU))
	}
	if d.MaxMTU != nil {
		out.uint("max_mtu", "maxmtu", uint64(*d.MaxMTU))
	}
}

// detailsLinkInfo adds the kind and its data, and the port kind and its
// data: "\n    bridge forward_delay 1500 ..." and
// "\n    bridge_slave state forwarding ...". newline starts a line.
func detailsLinkInfo(out detailOut, l *netinfo.Link, d *netinfo.LinkDetails, names linkNames, newline func()) {
	if l.Kind == "" && l.PortKind == "" {
		return
	}
	out.object("linkinfo", func(out detailOut) {
		if l.Kind != "" {
			newline()
			out.textOnly("    " + l.Kind + " ")
			out.jsonOnly("info_kind", l.Kind)
			if data := kindData(l, d, names); data != nil {
				out.object("info_data", data)
			}
		}
		if l.PortKind != "" {
			newline()
			out.textOnly("    " + l.PortKind + "_slave ")
			out.jsonOnly("info_slave_kind", l.PortKind)
			if l.PortKind == "bridge" && d.BridgePort != nil {
				out.object("info_slave_data", func(out detailOut) { bridgePortDetails(out, d.BridgePort, names) })
			}
		}
	})
}

// kindData returns the printer of a kind's info_data, for the kinds
// whose data ip prints and this build knows; nil for the others.
func kindData(l *netinfo.Link, d *netinfo.LinkDetails, names linkNames) func(detailOut) {
	switch info := l.Info.(type) {
	case *netinfo.Tuntap:
		return func(out detailOut) { tunDetails(out, info, d.TunDisabledQueues) }
	}
	if l.Kind == "bridge" && d.Bridge != nil {
		return func(out detailOut) { bridgeDetails(out, d.Bridge) }
	}
	if l.Kind == "vxlan" && d.Vxlan != nil {
		return func(out detailOut) { vxlanDetails(out, d.Vxlan, names) }
	}
	if (l.Kind == "macvlan" || l.Kind == "macvtap") && d.Macvlan != nil {
		return func(out detailOut) { macvlanDetails(out, d.Macvlan) }
	}
	return nil
}

// macvlanDetails is ip's macvlan_print_opt.
func macvlanDetails(out detailOut, m *netinfo.MacvlanDetails) {
	if m.Mode == nil {
		return
	}
	mode := m.Mode.String()
	switch *m.Mode {
	case netinfo.MacvlanPrivate, netinfo.MacvlanVEPA, netinfo.MacvlanBridge, netinfo.MacvlanPassthru, netinfo.MacvlanSource:
	default:
		mode = "unknown"
	}
	out.str("mode", "mode", mode)
	if m.Flags&netinfo.MacvlanNoPromisc != 0 {
		out.textOnly("nopromisc ")
		out.jsonOnly("nopromisc", true)
	}
	if m.Flags&netinfo.MacvlanNoDst != 0 {
		out.textOnly("nodst ")
		out.jsonOnly("nodst", true)
	}
	if m.BcQueueLen != nil {
		out.uint("bcqueuelen", "bcqueuelen", uint64(*m.BcQueueLen))
	}
	if m.BcQueueLenUsed != nil {
		out.uint("usedbcqueuelen", "usedbcqueuelen", uint64(*m.BcQueueLenUsed))
	}
	if *m.Mode != netinfo.MacvlanSource || m.MacAddrCount == nil {
		return
	}
	out.textOnly("remotes (" + strconv.Itoa(int(int32(*m.MacAddrCount))) + ") ")
	out.jsonOnly("macaddr_count", int64(int32(*m.MacAddrCount)))
	words := make([]string, 0, len(m.MacAddrs))
	for _, a := range m.MacAddrs {
		out.textOnly(a.String() + " ")
		words = append(words, a.String())
	}
	out.jsonOnly("macaddr_data", words)
}

// detailsTail adds what follows the kind: the IPv6 address generation
// mode (link only), the queue and offload limits, the port names and the
// parent device.
func detailsTail(out detailOut, d *netinfo.LinkDetails, linkCmd bool) {
	if linkCmd && d.AddrGenMode != nil {
		out.str("inet6_addr_gen_mode", "addrgenmode", d.AddrGenMode.String())
	}
	u := func(key, word string, v *uint32) {
		if v != nil {
			out.uint(key, word, uint64(*v))
		}
	}
	u("num_tx_queues", "numtxqueues", d.NumTxQueues)
	u("num_rx_queues", "numrxqueues", d.NumRxQueues)
	u("gso_max_size", "gso_max_size", d.GSOMaxSize)
	u("gso_max_segs", "gso_max_segs", d.GSOMaxSegs)
	u("tso_max_size", "tso_max_size", d.TSOMaxSize)
	u("tso_max_segs", "tso_max_segs", d.TSOMaxSegs)
	u("gro_max_size", "gro_max_size", d.GROMaxSize)
	if d.PhysPortName != "" {
		out.str("phys_port_name", "portname", d.PhysPortName)
	}
	if len(d.PhysPortID) > 0 {
		out.str("phys_port_id", "portid", hexString(d.PhysPortID))
	}
	if len(d.PhysSwitchID) > 0 {
		out.str("phys_switch_id", "switchid", hexString(d.PhysSwitchID))
	}
	if d.ParentBus != "" {
		out.str("parentbus", "parentbus", d.ParentBus)
	}
	if d.ParentDev != "" {
		out.str("parentdev", "parentdev", d.ParentDev)
	}
}

// hexString is ip's hexstring_n2a: two lower-case digits a byte.
func hexString(v []byte) string {
	b := make([]byte, 0, 2*len(v))
	for _, c := range v {
		b = append(b, hex2(uint64(c))...)
	}
	return string(b)
}

// tunDetails is ip's tun_print_opt.
func tunDetails(out detailOut, t *netinfo.Tuntap, disabled *uint32) {
	switch t.Mode {
	case netinfo.TuntapTun, netinfo.TuntapTap:
		out.str("type", "type", t.Mode.String())
	default:
		out.str("type", "type", "UNKNOWN:"+strconv.Itoa(int(t.Mode)))
	}
	out.onOff("pi", "pi", t.PI)
	out.onOff("vnet_hdr", "vnet_hdr", t.VnetHdr)
	if t.MultiQueue {
		out.textOnly("multi_queue ")
		out.jsonOnly("multi_queue", true)
		out.uint("numqueues", "numqueues", uint64(t.NumQueues))
		if disabled != nil {
			out.uint("numdisabled", "numdisabled", uint64(*disabled))
		}
	} else {
		out.jsonOnly("multi_queue", false)
	}
	out.onOff("persist", "persist", t.Persist)
	if t.Owner != nil {
		if u, err := user.LookupId(strconv.FormatUint(uint64(*t.Owner), 10)); err == nil {
			out.str("user", "user", u.Username)
		} else {
			out.uint("user", "user", uint64(*t.Owner))
		}
	}
	if t.Group != nil {
		if g, err := user.LookupGroupId(strconv.FormatUint(uint64(*t.Group), 10)); err == nil {
			out.str("group", "group", g.Name)
		} else {
			out.uint("group", "group", uint64(*t.Group))
		}
	}
}

// bridgeDetails is ip's bridge_print_opt.
func bridgeDetails(out detailOut, br *netinfo.BridgeDetails) {
	u32 := func(key, word string, v *uint32) {
		if v != nil {
			out.uint(key, word, uint64(*v))
		}
	}
	u16 := func(key, word string, v *uint16) {
		if v != nil {
			out.uint(key, word, uint64(*v))
		}
	}
	u8 := func(key, word string, v *uint8) {
		if v != nil {
			out.uint(key, word, uint64(*v))
		}
	}
	u64 := func(key, word string, v *uint64) {
		if v != nil {
			out.uint(key, word, *v)
		}
	}
	timer := func(key string, v *uint64) {
		if v != nil {
			out.timer(key, *v)
		}
	}
	u32("forward_delay", "forward_delay", br.ForwardDelay)
	u32("hello_time", "hello_time", br.HelloTime)
	u32("max_age", "max_age", br.MaxAge)
	u32("ageing_time", "ageing_time", br.AgeingTime)
	u32("stp_state", "stp_state", br.STPState)
	u16("priority", "priority", br.Priority)
	u8("vlan_filtering", "vlan_filtering", br.VLANFiltering)
	if br.VLANProtocol != nil {
		out.str("vlan_protocol", "vlan_protocol", vlanProtocolName(*br.VLANProtocol))
	}
	if br.BridgeID != nil {
		out.str("bridge_id", "bridge_id", bridgeIDText(br.BridgeID))
	}
	if br.RootID != nil {
		out.str("root_id", "designated_root", bridgeIDText(br.RootID))
	}
	u16("root_port", "root_port", br.RootPort)
	u32("root_path_cost", "root_path_cost", br.RootPathCost)
	u8("topology_change", "topology_change", br.TopologyChange)
	u8("topology_change_detected", "topology_change_detected", br.TopologyChangeDetected)
	timer("hello_timer", br.HelloTimer)
	timer("tcn_timer", br.TCNTimer)
	timer("topology_change_timer", br.TopologyChangeTimer)
	timer("gc_timer", br.GCTimer)
	u16("vlan_default_pvid", "vlan_default_pvid", br.DefaultPVID)
	u8("vlan_stats_enabled", "vlan_stats_enabled", br.VLANStatsEnabled)
	u8("vlan_stats_per_port", "vlan_stats_per_port", br.VLANStatsPerPort)
	if br.GroupFwdMask != nil {
		out.hex("group_fwd_mask", "group_fwd_mask", uint64(*br.GroupFwdMask))
	}
	if br.GroupAddr != nil {
		out.str("group_addr", "group_address", br.GroupAddr.String())
	}
	u8("mcast_snooping", "mcast_snooping", br.MulticastSnooping)
	if o := br.BoolOpts; o != nil {
		if v, known := o.Get(netinfo.BridgeOptNoLinkLocalLearn); known {
			out.uint("no_linklocal_learn", "no_linklocal_learn", b2u(v))
		}
		if v, known := o.Get(netinfo.BridgeOptMcastVLANSnooping); known {
			out.uint("mcast_vlan_snooping", "mcast_vlan_snooping", b2u(v))
		}
	}
	u8("mcast_router", "mcast_router", br.MulticastRouter)
	u8("mcast_query_use_ifaddr", "mcast_query_use_ifaddr", br.MulticastQueryUseIfaddr)
	u8("mcast_querier", "mcast_querier", br.MulticastQuerier)
	u32("mcast_hash_elasticity", "mcast_hash_elasticity", br.MulticastHashElasticity)
	u32("mcast_hash_max", "mcast_hash_max", br.MulticastHashMax)
	u32("mcast_last_member_cnt", "mcast_last_member_count", br.MulticastLastMemberCount)
	u32("mcast_startup_query_cnt", "mcast_startup_query_count", br.MulticastStartupQueries)
	u64("mcast_last_member_intvl", "mcast_last_member_interval", br.MulticastLastMemberInterval)
	u64("mcast_membership_intvl", "mcast_membership_interval", br.MulticastMembershipInterval)
	u64("mcast_querier_intvl", "mcast_querier_interval", br.MulticastQuerierInterval)
	u64("mcast_query_intvl", "mcast_query_interval", br.MulticastQueryInterval)
	u64("mcast_query_response_intvl", "mcast_query_response_interval", br.MulticastQueryResponseInterval)
	u64("mcast_startup_query_intvl", "mcast_startup_query_interval", br.MulticastStartupQueryInterval)
	u8("mcast_stats_enabled", "mcast_stats_enabled", br.MulticastStatsEnabled)
	u8("mcast_igmp_version", "mcast_igmp_version", br.MulticastIGMPVersion)
	u8("mcast_mld_version", "mcast_mld_version", br.MulticastMLDVersion)
	u8("nf_call_iptables", "nf_call_iptables", br.NFCallIPTables)
	u8("nf_call_ip6tables", "nf_call_ip6tables", br.NFCallIP6Tables)
	u8("nf_call_arptables", "nf_call_arptables", br.NFCallARPTables)
}

func b2u(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}

// vlanProtocolName is ip's ll_proto_n2a for the two VLAN EtherTypes.
func vlanProtocolName(p uint16) string {
	switch p {
	case 0x8100:
		return "802.1Q"
	case 0x88a8:
		return "802.1ad"
	}
	return "0x" + strconv.FormatUint(uint64(p), 16)
}

// bridgePortStates are ip's port state words, by BR_STATE_*.
var bridgePortStates = []string{"disabled", "listening", "learning", "forwarding", "blocking"}

// bridgePortFwdMaskNames are ip's names of group_fwd_mask bits.
var bridgePortFwdMaskNames = map[int]string{0: "stp", 2: "lacp", 14: "lldp"}

// fwdMaskText is ip's _bitmask2str: the named bits, others as 0x..., or
// "0x0".
func fwdMaskText(mask uint16) string {
	var b []byte
	for i := 0; mask>>i != 0; i++ {
		if mask>>i&1 == 0 {
			continue
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		if name, ok := bridgePortFwdMaskNames[i]; ok {
			b = append(b, name...)
		} else {
			b = append(b, "0x"...)
			b = strconv.AppendUint(b, 1<<i, 16)
		}
	}
	if len(b) == 0 {
		return "0x0"
	}
	return string(b)
}

// bridgePortDetails is ip's bridge_slave_print_opt.
func bridgePortDetails(out detailOut, p *netinfo.BridgePortDetails, names linkNames) {
	flag := func(key, word string, v *bool) {
		if v != nil {
			out.onOff(key, word, *v)
		}
	}
	timer := func(key string, v *uint64) {
		if v != nil {
			out.timer(key, *v)
		}
	}
	if p.State != nil {
		if int(*p.State) < len(bridgePortStates) {
			out.str("state", "state", bridgePortStates[*p.State])
		} else {
			out.textOnly("state (" + strconv.Itoa(int(*p.State)) + ") ")
			out.jsonOnly("state_index", int64(*p.State))
		}
	}
	if p.Priority != nil {
		out.uint("priority", "priority", uint64(*p.Priority))
	}
	if p.Cost != nil {
		// ip prints it with %d.
		out.textOnly("cost " + strconv.Itoa(int(int32(*p.Cost))) + " ")
		out.jsonOnly("cost", int64(int32(*p.Cost)))
	}
	flag("hairpin", "hairpin", p.Hairpin)
	flag("guard", "guard", p.Guard)
	flag("root_block", "root_block", p.RootBlock)
	flag("fastleave", "fastleave", p.FastLeave)
	flag("learning", "learning", p.Learning)
	flag("flood", "flood", p.UnicastFlood)
	if p.ID != nil {
		out.hex("id", "port_id", uint64(*p.ID))
	}
	if p.No != nil {
		out.hex("no", "port_no", uint64(*p.No))
	}
	if p.DesignatedPort != nil {
		out.uint("designated_port", "designated_port", uint64(*p.DesignatedPort))
	}
	if p.DesignatedCost != nil {
		out.uint("designated_cost", "designated_cost", uint64(*p.DesignatedCost))
	}
	if p.DesignatedBridge != nil {
		out.str("bridge_id", "designated_bridge", bridgeIDText(p.DesignatedBridge))
	}
	if p.DesignatedRoot != nil {
		out.str("root_id", "designated_root", bridgeIDText(p.DesignatedRoot))
	}
	timer("hold_timer", p.HoldTimer)
	timer("message_age_timer", p.MessageAgeTimer)
	timer("forward_delay_timer", p.ForwardDelayTimer)
	if p.TopologyChangeAck != nil {
		out.uint("topology_change_ack", "topology_change_ack", uint64(*p.TopologyChangeAck))
	}
	if p.ConfigPending != nil {
		out.uint("config_pending", "config_pending", uint64(*p.ConfigPending))
	}
	flag("proxy_arp", "proxy_arp", p.ProxyARP)
	flag("proxy_arp_wifi", "proxy_arp_wifi", p.ProxyARPWiFi)
	if p.MulticastRouter != nil {
		out.uint("multicast_router", "mcast_router", uint64(*p.MulticastRouter))
	}
	if p.FastLeave != nil {
		out.textOnly("mcast_fast_leave " + onOffWord(*p.FastLeave) + " ") // JSON has it as fastleave
	}
	flag("mcast_flood", "mcast_flood", p.MulticastFlood)
	flag("bcast_flood", "bcast_flood", p.BroadcastFlood)
	flag("mcast_to_unicast", "mcast_to_unicast", p.MulticastToUnicast)
	flag("neigh_suppress", "neigh_suppress", p.NeighSuppress)
	if p.GroupFwdMask != nil {
		out.hex("group_fwd_mask", "group_fwd_mask", uint64(*p.GroupFwdMask))
		out.str("group_fwd_mask_str", "group_fwd_mask_str", fwdMaskText(*p.GroupFwdMask))
	}
	flag("vlan_tunnel", "vlan_tunnel", p.VLANTunnel)
	flag("isolated", "isolated", p.Isolated)
	flag("locked", "locked", p.Locked)
	if p.BackupPort != nil {
		out.str("backup_port", "backup_port", names.name(*p.BackupPort))
	}
}
