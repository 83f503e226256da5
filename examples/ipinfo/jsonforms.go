package main

import (
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file renders ip -j's brief form (-j -br) of link and addr, which
// keeps of each record what the brief text prints (ip/ipaddress.c's
// print_linkinfo_brief and print_addrinfo's brief exit). -j -o and
// -j -s change the full form (json.go): -o gives each address its
// link's index and name, -s adds addr's stats64 after addr_info.

// linkBriefJSONFields adds the members ip -j -br prints of a link:
// the lower link, ifname, operstate, and with link (not addr) the
// address and flags.
func linkBriefJSONFields(o *jsonObject, l *netinfo.Link, names linkNames, x linkExtra, linkCmd bool) {
	linkJSONLower(o, l, names, x)
	o.str("ifname", l.Name)
	o.str("operstate", l.OperState.String())
	if !linkCmd {
		return
	}
	if len(l.HardwareAddr) > 0 {
		o.str("address", l.HardwareAddr.String())
	}
	o.strings("flags", linkFlagWords(l.Flags, x))
}

// appendLinkBriefJSON adds one `ip -j -br link` object.
func appendLinkBriefJSON(b []byte, l *netinfo.Link, names linkNames, x linkExtra) []byte {
	o := beginObject(b)
	linkBriefJSONFields(&o, l, names, x, true)
	return o.end()
}

// appendAddrBriefJSON adds one `ip -j -br addr` object: the link's
// brief members (none for a nil l, as under a label selector) and its
// addresses with only local, address (a peer), prefixlen and metric. An address
// the selectors leave out is {}, as in the full form.
func appendAddrBriefJSON(b []byte, l *netinfo.Link, addrs []*netinfo.Addr, names linkNames, x linkExtra) []byte {
	o := beginObject(b)
	if l != nil {
		linkBriefJSONFields(&o, l, names, x, false)
	}
	o.key("addr_info")
	o.b = append(o.b, '[')
	for i, a := range addrs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		ao := beginObject(o.b)
		if a != nil {
			ao.addr("local", a.Prefix.Addr())
			if a.Peer.IsValid() {
				ao.str("address", a.Peer.String())
			}
			ao.int("prefixlen", int64(a.Prefix.Bits()))
			if a.Metric != 0 {
				ao.uint("metric", uint64(a.Metric))
			}
		}
		o.b = ao.end()
	}
	o.b = append(o.b, ']')
	return o.end()
}
