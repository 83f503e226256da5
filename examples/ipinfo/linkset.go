package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A linkSet is `link set DEV ...`: the changes ip's iplink_parse takes
// that the library can make, each applied in turn (ip sends them in one
// request; the order here, down first and up last, gives the same end
// state).
type linkSet struct {
	dev     string
	up      *bool
	mtu     uint32
	name    string
	alias   *string
	address net.HardwareAddr
	txqlen  *uint32
	group   *uint32
	master  *string // "" for nomaster
	netns   string
	promisc *bool
	allmult *bool
	arp     *bool
	named   bool // "name" was given (link add takes a bare word as the name too)
}

// onOff reads ip's "on"/"off" after key.
func onOff(key, v string) (*bool, error) {
	switch v {
	case "on":
		t := true
		return &t, nil
	case "off":
		f := false
		return &f, nil
	}
	// ip's parse_on_off returns the error rather than exiting: status 1,
	// and a batch goes on.
	return nil, &ipError{code: exitFailure, msg: fmt.Sprintf("Error: argument of %q must be \"on\" or \"off\", not %q", key, v)}
}

// parseLinkSet parses what follows `link set`, with ip's keywords and
// abbreviations (ip/iplink.c iplink_parse).
func parseLinkSet(args []string, groups func(string) (uint32, bool)) (*linkSet, error) {
	ls, err := parseLinkWords(args, groups)
	if err != nil {
		return nil, err
	}
	if ls.dev == "" {
		return nil, ipUsagef("Not enough information: \"dev\" argument is required.")
	}
	return ls, nil
}

// parseLinkWords parses ip's generic link options, the device optional.
func parseLinkWords(args []string, groups func(string) (uint32, bool)) (*linkSet, error) {
	ls := &linkSet{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", missingArg(a)
			}
			i++
			return args[i], nil
		}
		var v string
		var err error
		switch {
		case a == "up" || a == "down":
			up := a == "up"
			ls.up = &up
			continue
		case a == "name", a == "mtu", a == "netns", a == "group", a == "promisc", a == "allmulticast", a == "arp",
			matches(a, "address"), matches(a, "txqueuelen"), a == "qlen", matches(a, "txqlen"),
			matches(a, "master"), matches(a, "alias"):
			if v, err = next(); err != nil {
				return nil, err
			}
		}
		switch {
		case a == "name":
			if len(v) >= 16 {
				return nil, invalidArg("\"name\" not a valid ifname", v)
			}
			ls.name = v
			ls.named = true
		case a == "mtu":
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("Invalid \"mtu\" value\n", v)
			}
			ls.mtu = uint32(n)
		case matches(a, "address"):
			hw, err := net.ParseMAC(v)
			if err != nil {
				return nil, &ipError{code: exitFailure, msg: strconv.Quote(v) + " is invalid lladdr."}
			}
			ls.address = hw
		case matches(a, "txqueuelen"), a == "qlen", matches(a, "txqlen"):
			if ls.txqlen != nil {
				return nil, ipUsagef("Error: duplicate \"txqueuelen\": %q is the second value.", v)
			}
			n, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("Invalid \"txqueuelen\" value\n", v)
			}
			q := uint32(n)
			ls.txqlen = &q
		case a == "netns":
			if ls.netns != "" {
				return nil, ipUsagef("Error: duplicate \"netns\": %q is the second value.", v)
			}
			ls.netns = v
		case a == "promisc":
			if ls.promisc, err = onOff(a, v); err != nil {
				return nil, err
			}
		case a == "allmulticast":
			if ls.allmult, err = onOff(a, v); err != nil {
				return nil, err
			}
		case a == "arp":
			if ls.arp, err = onOff(a, v); err != nil {
				return nil, err
			}
		case matches(a, "master"):
			ls.master = &v
		case matches(a, "nomaster"):
			none := ""
			ls.master = &none
		case matches(a, "alias"):
			ls.alias = &v
		case a == "group":
			g, ok := groups(v)
			if !ok {
				return nil, invalidArg("Invalid \"group\" value\n", v)
			}
			ls.group = &g
		default:
			if matches(a, "help") {
				return nil, errHelp
			}
			if a == "dev" {
				if i+1 >= len(args) {
					return nil, missingArg(a)
				}
				i++
				a = args[i]
			}
			if ls.dev != "" {
				return nil, garbage("dev", a)
			}
			ls.dev = a
		}
	}
	return ls, nil
}

// apply makes the changes.
func (ls *linkSet) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	tg, err := resolveLinkSet(ctx, h, ls)
	if err != nil {
		return err
	}
	l, err := h.LinkByName(ctx, ls.dev)
	if errors.Is(err, netinfo.ErrNotFound) {
		return noDevice(ls.dev)
	}
	if err != nil {
		return err
	}
	idx := l.Index
	steps := []func() error{}
	add := func(f func() error) { steps = append(steps, f) }
	if ls.up != nil && !*ls.up {
		add(func() error { return h.SetLinkDown(ctx, idx) })
	}
	if ls.name != "" {
		add(func() error { return h.SetLinkName(ctx, idx, ls.name) })
	}
	if ls.mtu != 0 {
		add(func() error { return h.SetLinkMTU(ctx, idx, ls.mtu) })
	}
	if ls.alias != nil {
		add(func() error { return h.SetLinkAlias(ctx, idx, *ls.alias) })
	}
	for _, f := range linkSetExtras(ctx, h, idx, ls, tg) {
		add(f)
	}
	if ls.up != nil && *ls.up {
		add(func() error { return h.SetLinkUp(ctx, idx) })
	}
	if tg.netns != nil {
		add(func() error { return h.SetLinkNetNS(ctx, idx, tg.netns) })
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return kernelError(err)
		}
	}
	return nil
}
