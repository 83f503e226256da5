package main

import (
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds what ip does in the AF_PACKET family (-0, -family
// link): link lists its links as ever; addr show lists the links its
// selectors keep in addr's form with no address (ipaddress.c skips the
// address dump, and with it -o's address-only lines); what takes a
// prefix or an address refuses it (get_prefix, get_addr); the other
// objects send their requests in that family, which the kernel answers.

// appendPacketAddr appends one link of `ip -0 addr show`: the brief
// forms are link's, the full forms addr's link part, and -s's counters
// follow it.
func appendPacketAddr(b []byte, l *netinfo.Link, names linkNames, c *command, x linkExtra) []byte {
	switch {
	case c.json && c.brief:
		return appendLinkBriefJSON(b, l, names, x)
	case c.json:
		o := beginObject(b)
		linkJSONFields(&o, l, names, c.groups, x)
		if x.stats > 0 {
			statsJSON(&o, l, x.stats, true)
		}
		return o.end()
	case c.brief:
		return appendLinkBrief(b, l, names, x)
	}
	return appendAddrFull(b, l, nil, names, c.textStyle(), familyPacket, x)
}

// refusePacket is get_prefix's and get_addr's refusal of arg in the
// AF_PACKET family, nil in any other.
func refusePacket(family netinfo.Family, arg string) error {
	if family != familyPacket {
		return nil
	}
	_, err := getPrefix(arg, family)
	return err
}

// An argFamily is the family ip's change commands read an address in:
// preferred_family (-4, -6, -0), else, for route, addr and route get,
// the family of the first address read, which ip makes the request's.
type argFamily struct{ f netinfo.Family }

// check is get_prefix (what "prefix") or get_addr (what "address") of
// arg in the family so far: the AF_PACKET family takes no prefix, inet
// and inet6 not one of the other. An arg that is no address is left to
// the caller's own words.
func (a *argFamily) check(arg, what string) error {
	if err := refusePacket(a.f, arg); err != nil {
		return err
	}
	ip, _, ok := parsePrefixArg(arg)
	if !ok || a.f == netinfo.FamilyAll {
		return nil
	}
	if familyOf(ip) != a.f {
		return badPrefix(familyName(a.f)+" "+what, arg)
	}
	return nil
}

// take is check, then the request's family set from arg when it had
// none, as ip does after each address of route, addr and route get.
func (a *argFamily) take(arg, what string) error {
	if err := a.check(arg, what); err != nil {
		return err
	}
	if ip, _, ok := parsePrefixArg(arg); ok && a.f == netinfo.FamilyAll {
		a.f = familyOf(ip)
	}
	return nil
}
