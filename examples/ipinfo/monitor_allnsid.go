package main

import (
	"context"
	"errors"
	"io"
	"strconv"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/nlsock"
)

// This file is `monitor all-nsid`: the notifications of this namespace
// and of every namespace it has an id for, each line led by where it
// came from, "[nsid 5]" or "[nsid current]", as ip 6.1 prints them
// (ipmonitor.c print_headers). netinfo's watcher has no namespace for an
// event, so this reads its own socket with NETLINK_LISTEN_ALL_NSID
// (nlsock.ListenAllNSID), whose messages carry the id, and prints each
// as the file form does (formatFileMsg, ip's accept_msg).

// nsidTag is print_headers' namespace tag: "[nsid current]" for this
// namespace's messages (and a file's, which carry none), "[nsid N]".
func nsidTag(nsid int32) string {
	if nsid < 0 {
		return "[nsid current]"
	}
	return "[nsid " + strconv.Itoa(int(nsid)) + "]"
}

// monitorGroups are the groups ip monitor joins for c (do_ipmonitor),
// links always: their messages keep the names right.
func monitorGroups(c *command) []uint32 {
	gs := []uint32{linux.RTNLGRP_LINK}
	v4, v6 := c.family != netinfo.FamilyInet6, c.family != netinfo.FamilyInet
	add := func(kind netinfo.WatchKind, g4, g6 uint32) {
		if c.watch&kind == 0 {
			return
		}
		if v4 {
			gs = append(gs, g4)
		}
		if v6 {
			gs = append(gs, g6)
		}
	}
	add(netinfo.WatchAddrs, linux.RTNLGRP_IPV4_IFADDR, linux.RTNLGRP_IPV6_IFADDR)
	add(netinfo.WatchRoutes, linux.RTNLGRP_IPV4_ROUTE, linux.RTNLGRP_IPV6_ROUTE)
	add(netinfo.WatchRules, linux.RTNLGRP_IPV4_RULE, linux.RTNLGRP_IPV6_RULE)
	if c.watch&netinfo.WatchNeighbors != 0 {
		gs = append(gs, linux.RTNLGRP_NEIGH)
	}
	if c.watch&netinfo.WatchNexthops != 0 {
		gs = append(gs, linux.RTNLGRP_NEXTHOP)
	}
	if c.nsid {
		gs = append(gs, linux.RTNLGRP_NSID)
	}
	if c.prefix && v6 {
		gs = append(gs, linux.RTNLGRP_IPV6_PREFIX)
	}
	return append(append(gs, netconfGroups(c)...), mrouteStatsGroups(c)...)
}

// followAllNSID prints what every namespace sends until ctx ends.
func followAllNSID(ctx context.Context, c *command, p *eventPrinter, w io.Writer) error {
	conn, err := nlsock.Dial(nlsock.Route, &nlsock.Config{NetNS: c.netns})
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetOption(nlsock.ListenAllNSID, true); err != nil {
		return err
	}
	for _, g := range monitorGroups(c) {
		if err := conn.JoinGroup(g); err != nil {
			return err
		}
	}
	for {
		m, err := conn.Next(ctx)
		switch {
		case errors.Is(err, syscall.ENOBUFS):
			_, _ = io.WriteString(p.errW, lostEvents)
			continue
		case ctx.Err() != nil:
			return nil
		case err != nil:
			return err
		}
		msg, err := m.Message.MarshalBinary()
		if err != nil {
			return err
		}
		p.nsidTag = nsidTag(m.NSID)
		if _, err := w.Write(p.formatFileMsg(msg)); err != nil {
			return err
		}
	}
}
