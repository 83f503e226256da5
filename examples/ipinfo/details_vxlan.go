package main

import (
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
)

// vxlanDetails is ip's vxlan_print_opt.
func vxlanDetails(out detailOut, x *netinfo.VxlanDetails, names linkNames) {
	flag := func(set bool, key, word string) {
		if set {
			out.textOnly(word + " ")
			out.jsonOnly(key, true)
		}
	}
	flag(x.CollectMetadata, "external", "external")
	if x.VNIFilter {
		out.textOnly("vnifilter") // sic: ip prints no space after it
		out.jsonOnly("vnifilter", true)
	}
	if x.ID != nil {
		out.uint("id", "id", uint64(*x.ID))
	}
	addr := func(a netip.Addr, group, remote string) {
		if !a.IsValid() || a.IsUnspecified() {
			return
		}
		key := remote
		if a.IsMulticast() {
			key = group
		}
		word := "remote"
		if a.IsMulticast() {
			word = "group"
		}
		if a.Is6() {
			key += "6"
		}
		out.str(key, word, a.String())
	}
	addr(x.Group, "group", "remote")
	if x.Local.IsValid() && !x.Local.IsUnspecified() {
		key := "local"
		if x.Local.Is6() {
			key = "local6"
		}
		out.str(key, "local", x.Local.String())
	}
	if x.LinkIndex != nil && *x.LinkIndex != 0 {
		out.str("link", "dev", names.name(int(*x.LinkIndex)))
	}
	if r := x.PortRange; r != nil {
		out.textOnly("srcport " + strconv.Itoa(int(r[0])) + " " + strconv.Itoa(int(r[1])) + " ")
		out.object("port_range", func(o detailOut) {
			o.jsonOnly("low", uint64(r[0]))
			o.jsonOnly("high", uint64(r[1]))
		})
	}
	if x.Port != nil {
		out.uint("port", "dstport", uint64(*x.Port))
	}
	if x.Learning != nil {
		out.jsonOnly("learning", *x.Learning)
		if !*x.Learning {
			out.textOnly("nolearning ")
		}
	}
	flag(x.Proxy, "proxy", "proxy")
	flag(x.RSC, "rsc", "rsc")
	flag(x.L2Miss, "l2miss", "l2miss")
	flag(x.L3Miss, "l3miss", "l3miss")
	if x.TOS != nil && *x.TOS != 0 {
		if *x.TOS != 1 {
			out.hex("tos", "tos", uint64(*x.TOS))
		} else {
			out.textOnly("tos inherit ")
			out.jsonOnly("tos", hex0x(1))
		}
	}
	switch {
	case x.TTLInherit:
		out.textOnly("ttl inherit ")
	case x.TTL != nil && *x.TTL != 0:
		out.uint("ttl", "ttl", uint64(*x.TTL))
	case x.TTL != nil:
		out.textOnly("ttl auto ")
		out.jsonOnly("ttl", uint64(0))
	}
	if x.DF != nil {
		switch *x.DF {
		case linux.VXLAN_DF_UNSET:
			out.jsonOnly("df", "unset")
		case linux.VXLAN_DF_SET:
			out.str("df", "df", "set")
		case linux.VXLAN_DF_INHERIT:
			out.str("df", "df", "inherit")
		}
	}
	if x.FlowLabel != nil && *x.FlowLabel != 0 {
		out.hex("label", "flowlabel", uint64(*x.FlowLabel))
	}
	if x.Ageing != nil {
		if *x.Ageing == 0 {
			out.textOnly("ageing none ")
			out.jsonOnly("ageing", uint64(0))
		} else {
			out.uint("ageing", "ageing", uint64(*x.Ageing))
		}
	}
	if x.Limit != nil && *x.Limit != 0 {
		out.uint("limit", "maxaddr", uint64(*x.Limit))
	}
	noFlag := func(v *bool, key, word string) {
		if v == nil {
			return
		}
		out.jsonOnly(key, *v)
		if !*v {
			out.textOnly("no")
		}
		out.textOnly(word + " ")
	}
	noFlag(x.UDPCsum, "udp_csum", "udpcsum")
	noFlag(x.UDPZeroCsum6Tx, "udp_zero_csum6_tx", "udp6zerocsumtx")
	noFlag(x.UDPZeroCsum6Rx, "udp_zero_csum6_rx", "udp6zerocsumrx")
	flag(x.RemCsumTx, "remcsum_tx", "remcsumtx")
	flag(x.RemCsumRx, "remcsum_rx", "remcsumrx")
	flag(x.GBP, "gbp", "gbp")
	flag(x.GPE, "gpe", "gpe")
}
