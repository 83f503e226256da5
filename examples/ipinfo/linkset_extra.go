package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/rtnlx/rtnlx/netinfo"
)

// linkSetExtras gives the steps for the `link set` changes beyond up,
// down, name, mtu and alias. The library's setters for them are not in
// this build, so each answers an error naming the operation and the OS
// rather than pretending.
func linkSetExtras(_ context.Context, _ *netinfo.Handle, _ int, ls *linkSet) []func() error {
	var steps []func() error
	missing := func(what string) {
		steps = append(steps, func() error {
			return fmt.Errorf("link set %s: not supported by this build of ipinfo (%s): %w", what, runtime.GOOS, netinfo.ErrNotSupported)
		})
	}
	if ls.address != nil {
		missing("address")
	}
	if ls.txqlen != nil {
		missing("txqueuelen")
	}
	if ls.group != nil {
		missing("group")
	}
	if ls.master != nil {
		missing("master")
	}
	if ls.netns != "" {
		missing("netns")
	}
	if ls.promisc != nil {
		missing("promisc")
	}
	if ls.allmult != nil {
		missing("allmulticast")
	}
	if ls.arp != nil {
		missing("arp")
	}
	return steps
}
