package main

import (
	"context"
	"errors"
	"io"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A linkAdd is `link add [link PARENT] [name] NAME [options] type KIND
// [kind options]`: ip's generic options, then the kind's. The kinds
// taken are those without options (dummy, ifb, bridge with its
// defaults, ...) and veth with its peer.
type linkAdd struct {
	ls     *linkSet
	parent string
	kind   string
	peer   *linkSet    // veth's "peer ..."; nil when not given
	opts   kindOptions // the kind's options, for the kinds netinfo configures
}

// parseLinkAdd parses what follows `link add`.
func parseLinkAdd(args []string, groups func(string) (uint32, bool)) (*linkAdd, error) {
	la := &linkAdd{}
	var generic []string
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "type" || a == "link" {
			if i+1 >= len(args) {
				return nil, missingArg(a)
			}
			if a == "type" {
				la.kind = args[i+1]
				i += 2
				break
			}
			la.parent = args[i+1]
			i++
			continue
		}
		generic = append(generic, a)
	}
	ls, err := parseLinkWords(generic, groups)
	if err != nil {
		return nil, err
	}
	la.ls = ls
	if la.kind == "" {
		// ip returns this one (status 1) rather than exiting.
		return nil, &ipError{code: exitFailure, msg: "Not enough information: \"type\" argument is required"}
	}
	if err := ls.onlyCreateOptions(); err != nil {
		return nil, err
	}
	rest := args[min(i, len(args)):]
	switch {
	case la.kind == "veth" && len(rest) > 0:
		if rest[0] != "peer" {
			return nil, ipUsagef("ipinfo: link add type veth: %q: only \"peer\" is taken", rest[0])
		}
		peer, err := parseLinkWords(rest[1:], groups)
		if err != nil {
			return nil, err
		}
		if err := peer.onlyCreateOptions(); err != nil {
			return nil, err
		}
		if peer.master != nil || peer.group != nil || peer.up != nil || peer.mtu != 0 || peer.txqlen != nil {
			return nil, ipUsagef("ipinfo: link add type veth peer: only name and address are taken for the peer")
		}
		la.peer = peer
	default:
		opts, known, err := parseKindOptions(la.kind, rest)
		if err != nil {
			return nil, err
		}
		if !known && len(rest) > 0 {
			return nil, ipUsagef("ipinfo: link add type %s: options of the kind (%q) are not supported by this build", la.kind, rest[0])
		}
		la.opts = opts
	}
	return la, nil
}

// onlyCreateOptions refuses the link set options a create request does
// not carry here, rather than dropping them.
func (ls *linkSet) onlyCreateOptions() error {
	if ls.alias != nil || ls.netns != "" || ls.promisc != nil || ls.allmult != nil || ls.arp != nil {
		return ipUsagef("ipinfo: link add: alias, netns, promisc, allmulticast and arp are not supported when creating; use link set after")
	}
	if ls.master != nil && *ls.master == "" {
		return garbage("dev", "nomaster")
	}
	return nil
}

// name is the new link's name: "name NAME", else the bare word.
func (ls *linkSet) newName() string {
	if ls.named {
		return ls.name
	}
	return ls.dev
}

// apply creates the link.
func (la *linkAdd) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	tg, err := resolveLinkSet(ctx, h, la.ls)
	if err != nil {
		return err
	}
	l := netinfo.Link{
		Name:         la.ls.newName(),
		Kind:         la.kind,
		HardwareAddr: la.ls.address,
		MTU:          la.ls.mtu,
		MasterIndex:  tg.master,
	}
	if la.ls.up != nil && *la.ls.up {
		l.Flags = netinfo.LinkUp
	}
	if la.ls.txqlen != nil {
		l.TxQueueLen = *la.ls.txqlen
	}
	if la.ls.group != nil {
		l.Group = *la.ls.group
	}
	if la.parent != "" {
		p, err := h.LinkByName(ctx, la.parent)
		if errors.Is(err, netinfo.ErrNotFound) {
			return noDevice(la.parent)
		}
		if err != nil {
			return err
		}
		l.ParentIndex = p.Index
	}
	if la.opts.info != nil {
		if err := la.opts.resolveDev(ctx, h); err != nil {
			return err
		}
		l.Info = la.opts.info
	}
	if la.kind == "veth" {
		v := &netinfo.Veth{}
		if la.peer != nil {
			v.PeerName = la.peer.newName()
			v.PeerHardwareAddr = la.peer.address
		}
		l.Info = v
	}
	return kernelError(h.AddLink(ctx, l))
}

// A linkDel is `link delete [dev] DEV [type KIND]`.
type linkDel struct{ dev string }

// parseLinkDel parses what follows `link delete`.
func parseLinkDel(args []string, groups func(string) (uint32, bool)) (*linkDel, error) {
	var generic []string
	for i := 0; i < len(args); i++ {
		if args[i] == "type" {
			if i+1 >= len(args) {
				return nil, missingArg("type")
			}
			i++
			continue
		}
		generic = append(generic, args[i])
	}
	ls, err := parseLinkWords(generic, groups)
	if err != nil {
		return nil, err
	}
	if ls.dev == "" {
		return nil, ipUsagef("Not enough information: \"dev\" argument is required.")
	}
	return &linkDel{dev: ls.dev}, nil
}

// apply deletes the link.
func (ld *linkDel) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	l, err := h.LinkByName(ctx, ld.dev)
	if errors.Is(err, netinfo.ErrNotFound) {
		return noDevice(ld.dev)
	}
	if err != nil {
		return err
	}
	return kernelError(h.DelLink(ctx, l.Index))
}
