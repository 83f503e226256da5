package main

import (
	"context"
	"errors"
	"net/netip"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file reads the options `ip link add ... type KIND` takes after
// the kind, for the kinds whose configuration netinfo builds (ip/iplink_*.c
// and ip/link_*.c parse_opt), in ip's order of matching. Options netinfo
// cannot carry are refused by name rather than dropped.

// kindOptions is what the words after `type KIND` configure: the kind's
// LinkInfo, and a device the kind names ("dev NAME") to resolve when the
// request is made.
type kindOptions struct {
	info netinfo.LinkInfo
	dev  string
}

// kindWord is one keyword of a kind's options: its name, whether ip
// takes abbreviations of it, and what it does with its value (nil for a
// keyword without one).
type kindWord struct {
	name  string
	abbr  bool
	value func(v string) error
	flag  func()
}

// parseKindWords reads args with the keywords of a kind, in ip's order.
func parseKindWords(kind string, args []string, words []kindWord) error {
	for i := 0; i < len(args); i++ {
		w := args[i]
		var kw *kindWord
		for j := range words {
			if w == words[j].name || (words[j].abbr && matches(w, words[j].name)) {
				kw = &words[j]
				break
			}
		}
		if kw == nil {
			return ipUsagef("ipinfo: link add type %s: option %q is not supported by this build", kind, w)
		}
		if kw.flag != nil {
			kw.flag()
			continue
		}
		v, err := nextArg(args, &i)
		if err != nil {
			return err
		}
		if err := kw.value(v); err != nil {
			return err
		}
	}
	return nil
}

// parseU32 reads ip's get_u32 (base 0) into *p.
func parseU32(key string, p *uint32) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseUint(v, 0, 32)
		if err != nil {
			return invalidArg("invalid "+key, v)
		}
		*p = uint32(n)
		return nil
	}
}

// parseAddr4 reads an IPv4 address into *p ("any" leaves it unset).
func parseAddr(key string, p *netip.Addr, only4 bool) func(string) error {
	return func(v string) error {
		if v == "any" {
			return nil
		}
		a, err := netip.ParseAddr(v)
		if err != nil || (only4 && !a.Is4()) {
			return invalidArg("invalid "+key+" address", v)
		}
		*p = a
		return nil
	}
}

// parseTTL reads a tunnel's ttl: a number up to 255, or "inherit" (0).
func parseTTL(p *uint8) func(string) error {
	return func(v string) error {
		if v == "inherit" {
			*p = 0
			return nil
		}
		n, err := strconv.ParseUint(v, 0, 8)
		if err != nil {
			return invalidArg("invalid TTL", v)
		}
		*p = uint8(n)
		return nil
	}
}

// parseKindOptions reads the options after `type KIND`. ok is false for
// a kind this build takes no options for.
func parseKindOptions(kind string, args []string) (opts kindOptions, ok bool, err error) {
	devWord := kindWord{name: "dev", abbr: true, value: func(v string) error { opts.dev = v; return nil }}
	switch kind {
	case "bridge":
		br := &netinfo.Bridge{}
		opts.info = br
		u32 := func(key string, p **uint32) kindWord {
			return kindWord{name: key, abbr: true, value: func(v string) error {
				var n uint32
				if err := parseU32(key, &n)(v); err != nil {
					return err
				}
				*p = &n
				return nil
			}}
		}
		u16 := func(key string, p **uint16) kindWord {
			return kindWord{name: key, abbr: true, value: func(v string) error {
				n, err := strconv.ParseUint(v, 0, 16)
				if err != nil {
					return invalidArg("invalid "+key, v)
				}
				x := uint16(n)
				*p = &x
				return nil
			}}
		}
		flag := func(key string, p **bool) kindWord {
			return kindWord{name: key, abbr: true, value: func(v string) error {
				n, err := strconv.ParseUint(v, 0, 8)
				if err != nil {
					return invalidArg("invalid "+key, v)
				}
				x := n != 0
				*p = &x
				return nil
			}}
		}
		err = parseKindWords(kind, args, []kindWord{
			u32("forward_delay", &br.ForwardDelay), u32("hello_time", &br.HelloTime),
			u32("max_age", &br.MaxAge), u32("ageing_time", &br.AgeingTime),
			u32("stp_state", &br.STPState), u16("priority", &br.Priority),
			flag("vlan_filtering", &br.VLANFiltering),
			{name: "vlan_protocol", abbr: true, value: func(v string) error {
				p, ok := vlanProtocolValue(v)
				if !ok {
					return invalidArg("invalid vlan_protocol", v)
				}
				br.VLANProtocol = &p
				return nil
			}},
			u16("group_fwd_mask", &br.GroupFwdMask),
			u16("vlan_default_pvid", &br.DefaultPVID),
			flag("mcast_snooping", &br.MulticastSnooping),
		})
	case "vlan":
		v := &netinfo.Vlan{}
		opts.info = v
		err = parseKindWords(kind, args, []kindWord{
			{name: "protocol", abbr: true, value: func(s string) error {
				p, ok := vlanProtocolValue(s)
				if !ok {
					return invalidArg("protocol is invalid", s)
				}
				v.Protocol = p
				return nil
			}},
			{name: "id", abbr: true, value: func(s string) error {
				n, err := strconv.ParseUint(s, 0, 16)
				if err != nil {
					return invalidArg("id is invalid", s)
				}
				v.ID = uint16(n)
				return nil
			}},
		})
	case "macvlan", "macvtap":
		m := &netinfo.Macvlan{Tap: kind == "macvtap"}
		opts.info = m
		err = parseKindWords(kind, args, []kindWord{{name: "mode", abbr: true, value: func(s string) error {
			for _, mode := range []netinfo.MacvlanMode{netinfo.MacvlanPrivate, netinfo.MacvlanVEPA, netinfo.MacvlanBridge, netinfo.MacvlanPassthru, netinfo.MacvlanSource} {
				if s == mode.String() {
					m.Mode = mode
					return nil
				}
			}
			return ipUsagef("Error: argument of \"mode\" must be \"private\", \"vepa\", \"bridge\", \"passthru\" or \"source\"")
		}}})
	case "ipvlan":
		v := &netinfo.IPVlan{}
		opts.info = v
		err = parseKindWords(kind, args, []kindWord{
			{name: "mode", abbr: true, value: func(s string) error {
				switch s {
				case "l2":
					v.Mode = netinfo.IPVlanL2
				case "l3":
					v.Mode = netinfo.IPVlanL3
				case "l3s":
					v.Mode = netinfo.IPVlanL3S
				default:
					return ipUsagef("Error: argument of \"mode\" must be either \"l2\", \"l3\" or \"l3s\"")
				}
				return nil
			}},
			{name: "private", abbr: true, flag: func() { v.Flags = netinfo.IPVlanPrivate }},
			{name: "vepa", abbr: true, flag: func() { v.Flags = netinfo.IPVlanVEPA }},
			{name: "bridge", abbr: true, flag: func() { v.Flags = netinfo.IPVlanBridge }},
		})
	case "vxlan":
		x := &netinfo.Vxlan{}
		opts.info = x
		vni := func(s string) error {
			n, err := strconv.ParseUint(s, 0, 32)
			if err != nil || n >= 1<<24 {
				return invalidArg("invalid id", s)
			}
			x.VNI = uint32(n)
			return nil
		}
		err = parseKindWords(kind, args, []kindWord{
			{name: "id", abbr: true, value: vni},
			{name: "vni", abbr: true, value: vni},
			{name: "group", abbr: true, value: parseAddr("group", &x.Remote, false)},
			{name: "remote", abbr: true, value: parseAddr("remote", &x.Remote, false)},
			{name: "local", abbr: true, value: parseAddr("local", &x.Local, false)},
			devWord,
			{name: "ttl", abbr: true, value: parseTTL(&x.TTL)},
			{name: "hoplimit", abbr: true, value: parseTTL(&x.TTL)},
			{name: "dstport", abbr: true, value: func(s string) error {
				n, err := strconv.ParseUint(s, 0, 16)
				if err != nil {
					return invalidArg("dstport", s)
				}
				x.Port = uint16(n)
				return nil
			}},
			{name: "nolearning", abbr: true, flag: func() { x.NoLearning = true }},
			{name: "learning", abbr: true, flag: func() { x.NoLearning = false }},
		})
	case "bond":
		b := &netinfo.Bond{}
		opts.info = b
		err = parseKindWords(kind, args, []kindWord{
			{name: "mode", abbr: true, value: func(s string) error {
				for m := netinfo.BondBalanceRR; m <= netinfo.BondBalanceALB; m++ {
					if s == m.String() || s == strconv.Itoa(int(m)) {
						b.Mode = &m
						return nil
					}
				}
				return invalidArg("invalid mode", s)
			}},
			{name: "miimon", abbr: true, value: func(s string) error {
				var n uint32
				if err := parseU32("miimon", &n)(s); err != nil {
					return err
				}
				b.MIIMon = &n
				return nil
			}},
		})
	case "vrf":
		v := &netinfo.VRF{}
		opts.info = v
		err = parseKindWords(kind, args, []kindWord{{name: "table", abbr: true, value: func(s string) error {
			t, ok := parseTable(s)
			if !ok {
				return invalidArg("invalid table ID", s)
			}
			v.Table = uint32(t)
			return nil
		}}})
	case "gre", "gretap":
		g := &netinfo.GRE{Tap: kind == "gretap"}
		opts.info = g
		key := func(p *uint32, flags ...*uint16) func(string) error {
			return func(s string) error {
				n, err := strconv.ParseUint(s, 0, 32)
				if err != nil {
					return invalidArg("invalid value for \"key\"", s)
				}
				*p = uint32(n)
				for _, f := range flags {
					*f |= netinfo.GREKey
				}
				return nil
			}
		}
		err = parseKindWords(kind, args, []kindWord{
			{name: "key", abbr: true, value: func(s string) error {
				if err := key(&g.IKey, &g.IFlags, &g.OFlags)(s); err != nil {
					return err
				}
				g.OKey = g.IKey
				return nil
			}},
			{name: "ikey", abbr: true, value: key(&g.IKey, &g.IFlags)},
			{name: "okey", abbr: true, value: key(&g.OKey, &g.OFlags)},
			{name: "nopmtudisc", abbr: true, flag: func() { g.NoPMTUDisc = true }},
			{name: "pmtudisc", abbr: true, flag: func() { g.NoPMTUDisc = false }},
			{name: "remote", abbr: true, value: parseAddr("remote", &g.Remote, true)},
			{name: "local", abbr: true, value: parseAddr("local", &g.Local, true)},
			devWord,
			{name: "ttl", abbr: true, value: parseTTL(&g.TTL)},
			{name: "hoplimit", abbr: true, value: parseTTL(&g.TTL)},
			{name: "tos", abbr: true, value: parseTOS(&g.TOS)},
		})
	case "ipip", "sit":
		t := &netinfo.IPTunnel{SIT: kind == "sit"}
		opts.info = t
		err = parseKindWords(kind, args, []kindWord{
			{name: "remote", value: parseAddr("remote", &t.Remote, true)},
			{name: "local", value: parseAddr("local", &t.Local, true)},
			devWord,
			{name: "ttl", value: parseTTL(&t.TTL)},
			{name: "hoplimit", value: parseTTL(&t.TTL)},
			{name: "tos", value: parseTOS(&t.TOS)},
			{name: "nopmtudisc", flag: func() { t.NoPMTUDisc = true }},
			{name: "pmtudisc", flag: func() { t.NoPMTUDisc = false }},
		})
	default:
		return kindOptions{}, false, nil
	}
	return opts, true, err
}

// parseTOS reads a tunnel's tos: hex, or "inherit" (1, as ip sends it).
func parseTOS(p *uint8) func(string) error {
	return func(v string) error {
		if v == "inherit" {
			*p = 1
			return nil
		}
		h := v
		if len(h) > 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X') {
			h = h[2:]
		}
		n, err := strconv.ParseUint(h, 16, 8)
		if err != nil {
			return invalidArg("invalid TOS value", v)
		}
		*p = uint8(n)
		return nil
	}
}

// vlanProtocolValue is ip's ll_proto_a2n for the VLAN protocols.
func vlanProtocolValue(s string) (uint16, bool) {
	switch s {
	case "802.1Q", "802.1q":
		return 0x8100, true
	case "802.1ad", "802.1AD":
		return 0x88a8, true
	}
	return 0, false
}

// resolveDev sets the index of the device "dev NAME" named in the
// kind's configuration.
func (o *kindOptions) resolveDev(ctx context.Context, h *netinfo.Handle) error {
	if o.dev == "" {
		return nil
	}
	l, err := h.LinkByName(ctx, o.dev)
	if errors.Is(err, netinfo.ErrNotFound) {
		return noDevice(o.dev)
	}
	if err != nil {
		return err
	}
	switch info := o.info.(type) {
	case *netinfo.Vxlan:
		info.LinkIndex = l.Index
	case *netinfo.GRE:
		info.LinkIndex = l.Index
	case *netinfo.IPTunnel:
		info.LinkIndex = l.Index
	}
	return nil
}
