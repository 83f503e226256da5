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
