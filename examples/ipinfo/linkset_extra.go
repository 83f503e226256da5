package main

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// linkSetTargets are what a `link set` line names besides its device,
// resolved before anything changes: ip refuses a line whose master or
// namespace does not exist before it sends its one request, so nothing
// on that line is applied.
type linkSetTargets struct {
	master int // index; 0 with nomaster
	netns  *netinfo.NetNS
}

// resolveLinkSet checks the master device and the namespace as ip's
// iplink_parse does, with its messages.
func resolveLinkSet(ctx context.Context, h *netinfo.Handle, ls *linkSet) (*linkSetTargets, error) {
	tg := &linkSetTargets{}
	if ls.netns != "" {
		ns, err := linkSetNetNS(ls.netns)
		if err != nil {
			return nil, err
		}
		tg.netns = ns
	}
	if ls.master != nil && *ls.master != "" {
		m, err := h.LinkByName(ctx, *ls.master)
		if errors.Is(err, netinfo.ErrNotFound) {
			return nil, invalidArg("Device does not exist\n", *ls.master)
		}
		if err != nil {
			return nil, err
		}
		tg.master = m.Index
	}
	return tg, nil
}

// linkSetNetNS reads `netns` as ip does: a name under /var/run/netns or a
// path, else a process id.
func linkSetNetNS(v string) (*netinfo.NetNS, error) {
	path := v
	if !strings.Contains(v, "/") {
		path = netnsDir + "/" + v
	}
	if _, err := os.Stat(path); err == nil {
		return netinfo.NetNSPath(path), nil
	}
	if pid, err := strconv.ParseInt(v, 0, 32); err == nil {
		return netinfo.NetNSPid(int(pid)), nil
	}
	return nil, invalidArg("Invalid \"netns\" value\n", v)
}

// linkSetExtras gives the steps for the `link set` changes beyond up,
// down, name, mtu and alias, except the move to another namespace, which
// apply makes last (after it the link is no longer this handle's).
func linkSetExtras(ctx context.Context, h *netinfo.Handle, idx int, ls *linkSet, tg *linkSetTargets) []func() error {
	var steps []func() error
	add := func(f func() error) { steps = append(steps, f) }
	if ls.address != nil {
		add(func() error { return h.SetLinkHardwareAddr(ctx, idx, ls.address) })
	}
	if ls.group != nil {
		add(func() error { return h.SetLinkGroup(ctx, idx, *ls.group) })
	}
	if ls.master != nil {
		if *ls.master == "" {
			add(func() error { return h.SetLinkNoMaster(ctx, idx) })
		} else {
			add(func() error { return h.SetLinkMaster(ctx, idx, tg.master) })
		}
	}
	if ls.promisc != nil {
		add(func() error { return h.SetLinkPromisc(ctx, idx, *ls.promisc) })
	}
	if ls.allmult != nil {
		add(func() error { return h.SetLinkAllMulticast(ctx, idx, *ls.allmult) })
	}
	if ls.arp != nil {
		add(func() error { return h.SetLinkARP(ctx, idx, *ls.arp) })
	}
	if ls.txqlen != nil {
		add(func() error { return h.SetLinkTxQueueLen(ctx, idx, *ls.txqlen) })
	}
	return steps
}
