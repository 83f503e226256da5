package main

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// An addrChange is `addr add|change|replace|del IFADDR dev DEV ...`.
type addrChange struct {
	op   string // "add", "replace" or "del"
	addr netinfo.Addr
	dev  string
	// bits is the prefix length given with the local address, -1 when
	// none was (del then matches any length, as ip's wildcard does).
	bits   int
	brd    int // 0: none; +1: "brd +"; -1: "brd -"
	scoped bool
}

// addrChangeOps maps ip's address verbs (matches() order) to changes.
func addrChangeOp(verb string) (string, bool) {
	switch {
	case matches(verb, "add"):
		return "add", true
	case matches(verb, "replace"):
		return "replace", true
	case matches(verb, "delete"):
		return "del", true
	}
	return "", false
}

// addrFlagWords are the flags `addr add` takes (ip's ifa_flag_data
// entries that are not read-only).
var addrFlagWords = map[string]netinfo.AddrFlags{
	"nodad":         netinfo.AddrNoDAD,
	"optimistic":    netinfo.AddrOptimistic,
	"home":          netinfo.AddrHomeAddress,
	"mngtmpaddr":    netinfo.AddrManageTempAddr,
	"noprefixroute": netinfo.AddrNoPrefixRoute,
	"autojoin":      netinfo.AddrMcAutoJoin,
}

// parseLifetime reads valid_lft or preferred_lft: seconds or forever.
func parseLifetime(key, v string) (time.Duration, error) {
	if v == "forever" {
		return netinfo.Forever, nil
	}
	n, err := strconv.ParseUint(v, 0, 32)
	if err != nil {
		return 0, invalidArg(key+" value", v)
	}
	if n == 0 {
		// netinfo reads 0 as "not given"; a negative lifetime is sent
		// as 0 seconds, which is what was asked.
		return -time.Nanosecond, nil
	}
	return time.Duration(n) * time.Second, nil
}

// parsePrefixArg reads ip's "ADDR[/LEN]": bits is -1 without a length.
func parsePrefixArg(s string) (netip.Addr, int, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Addr(), p.Bits(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, 0, false
	}
	return a, -1, true
}

// parseAddrChange parses what follows the verb (ip/ipaddress.c
// ipaddr_modify).
func parseAddrChange(op string, args []string, family netinfo.Family) (*addrChange, error) {
	ac := &addrChange{op: op, bits: -1}
	a := &ac.addr
	fam := argFamily{family}
	localGiven, peerGiven := false, false
	var peerBits int
	for i := 0; i < len(args); i++ {
		w := args[i]
		next := func() (string, error) { return nextArg(args, &i) }
		var v string
		var err error
		switch {
		case w == "peer", w == "remote":
			if v, err = next(); err != nil {
				return nil, err
			}
			if peerGiven {
				return nil, ipUsagef("Error: duplicate \"peer\": %q is the second value.", v)
			}
			if err := fam.take(v, "prefix"); err != nil {
				return nil, err
			}
			ip, bits, ok := parsePrefixArg(v)
			if !ok {
				return nil, badPrefix("any valid prefix", v)
			}
			a.Peer, peerBits, peerGiven = ip, bits, true
		case matches(w, "broadcast"), w == "brd":
			if v, err = next(); err != nil {
				return nil, err
			}
			switch v {
			case "+":
				ac.brd = 1
			case "-":
				ac.brd = -1
			default:
				if err := fam.take(v, "address"); err != nil {
					return nil, err
				}
				b, err := netip.ParseAddr(v)
				if err != nil {
					return nil, badPrefix("inet address", v)
				}
				a.Broadcast = b
			}
		case w == "scope":
			if v, err = next(); err != nil {
				return nil, err
			}
			s, ok := parseScope(v)
			if !ok {
				return nil, invalidArg("invalid scope value.", v)
			}
			a.Scope, ac.scoped = s, true
		case w == "dev":
			if ac.dev, err = next(); err != nil {
				return nil, err
			}
		case w == "label":
			if a.Label, err = next(); err != nil {
				return nil, err
			}
		case matches(w, "metric"), matches(w, "priority"), matches(w, "preference"):
			if v, err = next(); err != nil {
				return nil, err
			}
			m, err := strconv.ParseUint(v, 0, 32)
			if err != nil {
				return nil, invalidArg("\"metric\" value is invalid\n", v)
			}
			a.Metric = uint32(m)
		case matches(w, "valid_lft"):
			if v, err = next(); err != nil {
				return nil, err
			}
			if a.ValidLifetime, err = parseLifetime("valid_lft", v); err != nil {
				return nil, err
			}
		case matches(w, "preferred_lft"):
			if v, err = next(); err != nil {
				return nil, err
			}
			if a.PreferredLifetime, err = parseLifetime("preferred_lft", v); err != nil {
				return nil, err
			}
		case addrFlagWords[w] != 0:
			a.Flags |= addrFlagWords[w]
		default:
			if matches(w, "help") {
				return nil, errHelp
			}
			if w == "local" {
				if w, err = next(); err != nil {
					return nil, err
				}
			}
			if localGiven {
				return nil, garbage("local", w)
			}
			if err := fam.take(w, "prefix"); err != nil {
				return nil, err
			}
			ip, bits, ok := parsePrefixArg(w)
			if !ok {
				return nil, badPrefix("any valid prefix", w)
			}
			localGiven = true
			ac.bits = bits
			a.Prefix = netip.PrefixFrom(ip, max(bits, 0))
		}
	}
	if ac.dev == "" {
		return nil, &ipError{code: exitFailure, msg: "Not enough information: \"dev\" argument is required."}
	}
	if !localGiven {
		return nil, ipUsagef("Not enough information: \"local\" argument is required.")
	}
	local := a.Prefix.Addr()
	bits := ac.bits
	if peerGiven && peerBits >= 0 {
		bits = peerBits
	}
	if bits < 0 {
		bits = local.BitLen()
		if op == "del" && local.Is4() && !peerGiven {
			// ip's wildcard deletion of an IPv4 address given bare.
			bits = -1
		}
	}
	if bits >= 0 {
		a.Prefix = netip.PrefixFrom(local, bits)
	}
	if ac.brd != 0 && op != "del" {
		if !local.Is4() {
			return nil, &ipError{code: exitFailure, msg: "Broadcast can be set only for IPv4 addresses"}
		}
		base := local
		if peerGiven {
			base = a.Peer
		}
		if bits <= 30 {
			v := base.As4()
			n := uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
			host := uint32(1)<<(32-bits) - 1
			if ac.brd > 0 {
				n |= host
			} else {
				n &^= host
			}
			a.Broadcast = netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		}
	}
	if !ac.scoped && op != "del" && local.IsLoopback() {
		a.Scope = netinfo.ScopeHost
	}
	if a.ValidLifetime != 0 || a.PreferredLifetime != 0 {
		if a.ValidLifetime == 0 {
			a.ValidLifetime = netinfo.Forever
		}
		if a.ValidLifetime < 0 {
			return nil, &ipError{code: exitFailure, msg: "valid_lft is zero"}
		}
		if a.PreferredLifetime == 0 {
			a.PreferredLifetime = netinfo.Forever
		}
		if a.ValidLifetime != netinfo.Forever && (a.PreferredLifetime == netinfo.Forever || a.PreferredLifetime > a.ValidLifetime) {
			return nil, &ipError{code: exitFailure, msg: "preferred_lft is greater than valid_lft"}
		}
	}
	return ac, nil
}

// apply makes the change; like ip it prints nothing on success.
func (ac *addrChange) apply(ctx context.Context, h *netinfo.Handle, _ *command, _ io.Writer) error {
	l, err := h.LinkByName(ctx, ac.dev)
	if errors.Is(err, netinfo.ErrNotFound) {
		return noDevice(ac.dev)
	}
	if err != nil {
		return err
	}
	a := ac.addr
	a.Index = l.Index
	if ac.op == "del" && ac.bits < 0 && a.Prefix.Addr().Is4() && !a.Peer.IsValid() {
		return ac.wildcardDel(ctx, h, a)
	}
	switch ac.op {
	case "add":
		err = h.AddAddr(ctx, a)
	case "replace":
		err = h.ReplaceAddr(ctx, a)
	case "del":
		err = h.DelAddr(ctx, a)
	}
	return kernelError(err)
}

// wildcardDel deletes the first IPv4 address equal to the one given
// whatever its prefix length, as the kernel does for ip's bare-address
// deletion (ip warns and sends no IFA_ADDRESS).
func (ac *addrChange) wildcardDel(ctx context.Context, h *netinfo.Handle, a netinfo.Addr) error {
	addrs, err := h.Addrs(ctx, netinfo.AddrFilter{Family: netinfo.FamilyInet, Index: a.Index})
	if err != nil {
		return err
	}
	for _, have := range addrs {
		if have.Prefix.Addr() == a.Prefix.Addr() && have.Index == a.Index {
			return kernelError(h.DelAddr(ctx, have))
		}
	}
	return &ipError{code: exitKernel, msg: "Error: ipv4: Address not found."}
}
