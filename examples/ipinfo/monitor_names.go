package main

import (
	"context"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is monitor's table of link names and flags, kept as ip 6.1's
// (lib/ll_map.c) is, so that every line names links as ip's does.

// llCache is ip's link cache: filled from a dump at the start, from
// every link message (before it is printed), and from a lookup of any
// index it does not know. A link keeps the name it had when first seen:
// ip 6.1 updates the flags of a renamed link but not its name, so lines
// after a rename still say the old one, and ipinfo prints what ip prints.
type llCache struct {
	names linkNames                 // shared with the line printers
	flags map[int]netinfo.LinkFlags // for M-DOWN
	// get reads one link, for an index the cache does not know (ip's
	// ll_link_get); nil never reads.
	get func(idx int) (netinfo.Link, error)
}

func newLLCache(links []netinfo.Link, get func(int) (netinfo.Link, error)) *llCache {
	c := &llCache{names: make(linkNames, len(links)), flags: make(map[int]netinfo.LinkFlags, len(links)), get: get}
	for i := range links {
		c.names[links[i].Index] = links[i].Name
		c.flags[links[i].Index] = links[i].Flags
	}
	return c
}

// remember is ll_remember_index: a deletion forgets the link, a new one
// is added (when the message names it), a known one keeps its name and
// takes the new flags.
func (c *llCache) remember(idx int, name string, hasName bool, flags netinfo.LinkFlags, deleted bool) {
	_, known := c.names[idx]
	switch {
	case deleted:
		delete(c.names, idx)
		delete(c.flags, idx)
	case known:
		c.flags[idx] = flags
	case hasName:
		c.names[idx] = name
		c.flags[idx] = flags
	}
}

// name is ll_index_to_name: "*" for 0, the cached name, else the name
// read from the kernel (and cached), else "ifN".
func (c *llCache) name(idx int) string {
	if idx == 0 {
		return "*"
	}
	c.learn(idx)
	if n, ok := c.names[idx]; ok {
		return n
	}
	return "if" + strconv.Itoa(idx)
}

// learn reads a link the cache does not know, as ip does before it
// prints its name.
func (c *llCache) learn(idx int) {
	if _, ok := c.names[idx]; ok || idx <= 0 || c.get == nil {
		return
	}
	if l, err := c.get(idx); err == nil {
		c.names[idx] = l.Name
		c.flags[idx] = l.Flags
	}
}

// down is ip's M-DOWN test (ll_index_to_flags): a known link that is not
// up. An unknown one has all flags, as ll_index_to_flags answers -1.
func (c *llCache) down(idx int) bool {
	f, ok := c.flags[idx]
	return ok && f&netinfo.LinkUp == 0
}

// linkGetter reads single links through h for the cache.
func linkGetter(ctx context.Context, h *netinfo.Handle) func(int) (netinfo.Link, error) {
	return func(idx int) (netinfo.Link, error) { return h.LinkByIndex(ctx, idx) }
}
