package nsbuild

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"
)

// Addresses used by the data sets. Everything lives inside a namespace
// of its own and no packet is ever sent; still, the numbers come from
// ranges set aside for benchmarking (RFC 2544, 198.18.0.0/15) and for
// shared address space (RFC 6598, 100.64.0.0/10) so that nothing here
// looks like a real network.
const (
	// GatewayLink carries the gateway subnet; every bulk route goes via
	// Gateway on it.
	GatewayLink   = "v0"
	gatewaySubnet = "198.19.255.1/24"
	// Gateway is the next hop of every bulk route.
	Gateway = "198.19.255.2"
)

// A Size says how many objects of each kind a namespace gets.
type Size struct {
	Routes    int // /32 routes via Gateway, 100.64.0.0/10 (at most 4,194,304)
	Addrs     int // /32 addresses from 198.18.0.0/16, spread over the links
	Neighbors int // permanent IPv4 neighbours from 198.19.0.0/17, spread over the links
	Links     int // veth links, made in pairs (rounded up to even, at least 2)
	// IPv6 keeps IPv6 on (link-local addresses and routes on every
	// link); counts then drift a little while the kernel sends router
	// solicitations and MLD reports.
	IPv6 bool
}

// Validate checks that the sizes fit the address ranges.
func (s Size) Validate() error {
	switch {
	case s.Routes < 0 || s.Routes > 1<<22:
		return fmt.Errorf("routes: %d is outside 0..%d", s.Routes, 1<<22)
	case s.Addrs < 0 || s.Addrs > 65000:
		return fmt.Errorf("addresses: %d is outside 0..65000", s.Addrs)
	case s.Neighbors < 0 || s.Neighbors > 32000:
		return fmt.Errorf("neighbours: %d is outside 0..32000", s.Neighbors)
	case s.Links < 0 || s.Links > 20000:
		return fmt.Errorf("links: %d is outside 0..20000", s.Links)
	}
	return nil
}

// linkNames returns the names of the veth links of a data set: pairs
// v0/p0, v1/p1, ...
func (s Size) linkNames() []string {
	pairs := max(1, (s.Links+1)/2)
	names := make([]string, 0, 2*pairs)
	for i := range pairs {
		names = append(names, fmt.Sprintf("v%d", i), fmt.Sprintf("p%d", i))
	}
	return names
}

// RouteDst is the destination of bulk route i: 100.64.0.0 + i, /32.
func RouteDst(i int) string {
	return fmt.Sprintf("100.%d.%d.%d/32", 64+i>>16, (i>>8)&255, i&255)
}

// RouteBatch adds (verb "add") or deletes (verb "del") bulk routes
// first..first+n-1 with one `ip -batch` run, streaming its input so
// that a million lines never sit in memory at once.
func RouteBatch(ctx context.Context, ns *Namespace, verb string, first, n int) error {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 1<<16)
		for i := first; i < first+n; i++ {
			if _, err := fmt.Fprintf(bw, "route %s %s via %s dev %s proto static\n", verb, RouteDst(i), Gateway, GatewayLink); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(bw.Flush())
	}()
	err := run(ctx, pr, io.Discard, "ip", "-n", ns.Name, "-batch", "-")
	pr.Close() // unblocks the writer if ip stopped reading early
	return err
}

// PrepareGateway readies a namespace for bulk routes: a veth pair whose
// first end carries the gateway subnet, both ends up.
func PrepareGateway(ctx context.Context, ns *Namespace) error {
	return ns.Batch(ctx, []string{
		"link add " + GatewayLink + " type veth peer name p0",
		"link set " + GatewayLink + " up",
		"link set p0 up",
		"addr add " + gatewaySubnet + " dev " + GatewayLink,
	})
}

// Populate fills ns with the data set of size s: links first (veth
// pairs, all up), then addresses, neighbours and routes, each kind in one
// `ip -batch` run. IPv6 is turned off first (see DisableIPv6) unless
// s.IPv6 is set. progress,
// when not nil, is told what is being built.
func Populate(ctx context.Context, ns *Namespace, s Size, progress func(step string, took time.Duration)) error {
	if err := s.Validate(); err != nil {
		return err
	}
	note := func(step string, start time.Time) {
		if progress != nil {
			progress(step, time.Since(start))
		}
	}
	if s.IPv6 {
		// Keep addresses stable at least: no duplicate address
		// detection, no router solicitations.
		for _, conf := range []string{"all", "default"} {
			for _, key := range []string{"accept_dad", "router_solicitations"} {
				if err := ns.Sysctl(ctx, "net.ipv6.conf."+conf+"."+key, "0"); err != nil {
					return err
				}
			}
		}
	} else if err := DisableIPv6(ctx, ns); err != nil {
		return err
	}

	start := time.Now()
	names := s.linkNames()
	var lines []string
	for i := 0; i < len(names); i += 2 {
		lines = append(lines, fmt.Sprintf("link add %s type veth peer name %s", names[i], names[i+1]))
	}
	for _, n := range names {
		lines = append(lines, "link set "+n+" up")
	}
	lines = append(lines, "addr add "+gatewaySubnet+" dev "+GatewayLink)
	if err := ns.Batch(ctx, lines); err != nil {
		return err
	}
	note(fmt.Sprintf("%d links", len(names)), start)

	start = time.Now()
	lines = lines[:0]
	for i := range s.Addrs {
		lines = append(lines, fmt.Sprintf("addr add 198.18.%d.%d/32 dev %s", i>>8, i&255, names[i%len(names)]))
	}
	if err := ns.Batch(ctx, lines); err != nil {
		return err
	}
	note(fmt.Sprintf("%d addresses", s.Addrs), start)

	start = time.Now()
	lines = lines[:0]
	for i := range s.Neighbors {
		lines = append(lines, fmt.Sprintf("neigh add 198.19.%d.%d lladdr 02:00:00:00:%02x:%02x dev %s nud permanent",
			i>>8, i&255, (i>>8)&255, i&255, names[i%len(names)]))
	}
	if err := ns.Batch(ctx, lines); err != nil {
		return err
	}
	note(fmt.Sprintf("%d neighbours", s.Neighbors), start)

	start = time.Now()
	if err := RouteBatch(ctx, ns, "add", 0, s.Routes); err != nil {
		return err
	}
	note(fmt.Sprintf("%d routes", s.Routes), start)
	return nil
}

// DisableIPv6 turns IPv6 off in ns for links made afterwards. With IPv6
// on, every veth link up sends router solicitations and MLD reports,
// which leave NOARP neighbour entries (ff02::2, ff02::16) that the
// kernel collects again later, and link-local routes appear some time
// after the link: counts would drift while the benchmark runs.
func DisableIPv6(ctx context.Context, ns *Namespace) error {
	for _, key := range []string{"net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"} {
		if err := ns.Sysctl(ctx, key, "1"); err != nil {
			return err
		}
	}
	return nil
}
