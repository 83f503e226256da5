package main

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file holds the selectors `nexthop show` takes, as iproute2's
// ipnh_list_flush reads them, applied as the kernel's filtered dump
// (nh_dump_filtered) and print_nexthop do.

// A nexthopSelector is ip's nexthop filter.
type nexthopSelector struct {
	id        uint32 // `id N`: that nexthop alone; ip reads no further
	idGiven   bool
	dev       string
	master    string // `master DEV` or `vrf NAME`
	masterVRF bool
	groups    bool   // groups only
	proto     uint32 // 0: any
	// fdb is read and sent, but the kernel's dump does not filter on it.
	fdb bool

	devIdx, masterIdx int // resolved
}

// parseNexthopSelector reads the selectors of nexthop show, with ip's
// errors.
func parseNexthopSelector(args []string) (*nexthopSelector, error) {
	s := &nexthopSelector{}
	for i := 0; i < len(args); i++ {
		w := args[i]
		var v string
		var err error
		takes := matches(w, "dev") || matches(w, "master") || matches(w, "vrf") || w == "id" || matches(w, "protocol")
		if takes && !matches(w, "groups") {
			if v, err = nextArg(args, &i); err != nil {
				return nil, err
			}
		}
		switch {
		case matches(w, "dev"):
			s.dev = v
		case matches(w, "groups"):
			s.groups = true
		case matches(w, "master"):
			s.master, s.masterVRF = v, false
		case matches(w, "vrf"):
			s.master, s.masterVRF = v, true
		case w == "id":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid id value", v)
			}
			s.id, s.idGiven = uint32(n), true
			return s, nil
		case matches(w, "protocol"):
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("invalid protocol value", v)
			}
			s.proto = uint32(n)
		case matches(w, "fdb"):
			s.fdb = true
		case matches(w, "help"):
			return nil, errHelp
		default:
			return nil, invalidArg("", w)
		}
	}
	return s, nil
}

// resolve looks up the devices, failing as ip does when it reads them.
func (s *nexthopSelector) resolve(ds []netinfo.LinkDetails) error {
	if s.dev != "" {
		if s.devIdx, _ = findLink(ds, s.dev); s.devIdx == 0 {
			return invalidArg("Device does not exist\n", s.dev)
		}
	}
	if s.master != "" {
		if s.masterVRF && !isVRF(ds, s.master) {
			return invalidArg("Invalid VRF\n", s.master)
		}
		if s.masterIdx, _ = findLink(ds, s.master); s.masterIdx == 0 {
			if s.masterVRF {
				return invalidArg("VRF does not exist\n", s.master)
			}
			return invalidArg("Device does not exist\n", s.master)
		}
	}
	return nil
}

// match is nh_dump_filtered for a dump of family, then print_nexthop's
// protocol test. masters maps each link to its master.
func (s *nexthopSelector) match(n *netinfo.Nexthop, family netinfo.Family, masters map[int]int) bool {
	if s.proto != 0 && uint32(n.Protocol) != s.proto {
		return false
	}
	group := len(n.Group) > 0
	if s.groups && !group {
		return false
	}
	if s.devIdx == 0 && s.masterIdx == 0 && family == netinfo.FamilyAll {
		return true
	}
	switch {
	case group,
		family != netinfo.FamilyAll && n.Family != family,
		s.devIdx != 0 && n.OutIndex != s.devIdx,
		s.masterIdx != 0 && (n.OutIndex == 0 || masters[n.OutIndex] != s.masterIdx):
		return false
	}
	return true
}

// showNexthops prints `nexthop show`.
func showNexthops(ctx context.Context, h *netinfo.Handle, c *command, w io.Writer) error {
	s := c.nhSel
	if s == nil {
		s = &nexthopSelector{dev: c.dev}
	}
	ds, err := h.LinkDetails(ctx)
	if err != nil {
		return err
	}
	if err := s.resolve(ds); err != nil {
		return err
	}
	links, names, _ := detailsOf(ds)
	var nhs []netinfo.Nexthop
	family := c.family
	if s.idGiven {
		n, err := h.NexthopByID(ctx, s.id)
		if errors.Is(err, netinfo.ErrNotFound) {
			return &ipError{code: exitKernel, msg: "RTNETLINK answers: No such file or directory"}
		}
		if err != nil {
			return kernelError(err)
		}
		nhs, family = []netinfo.Nexthop{n}, netinfo.FamilyAll
	} else if nhs, err = h.Nexthops(ctx, netinfo.NexthopFilter{}); err != nil {
		return err
	}
	masters := make(map[int]int, len(links))
	for i := range links {
		masters[links[i].Index] = links[i].MasterIndex
	}
	lw := newListWriter(w, c.json)
	for i := range nhs {
		n := &nhs[i]
		if !s.match(n, family, masters) {
			continue
		}
		if c.json {
			lw.done(appendNexthopJSON(lw.next(), n, names, c.details))
		} else {
			lw.done(appendNexthopLine(lw.next(), n, names, c.details))
		}
	}
	return lw.close()
}

// parseNexthopShow reads the selectors of nexthop show.
func (c *command) parseNexthopShow(args []string) error {
	s, err := parseNexthopSelector(args)
	if err != nil {
		return err
	}
	c.nhSel, c.dev = s, s.dev
	return nil
}
