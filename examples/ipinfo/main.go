// Command ipinfo shows, changes and watches a machine's links, addresses,
// routes and neighbours the way iproute2's ip does, with its syntax, its
// messages and its exit statuses, on every OS that rtnlx supports.
//
//	ipinfo [-j] [-4|-6] [-n NETNS | -remote PATH] [link|addr|route|neigh|monitor [ARGS]]
//	ipinfo link set DEV up|down|mtu N|name NAME|alias TEXT
//	ipinfo addr add|replace|del|flush ...; route add|change|replace|append|del|flush ...
//	ipinfo neigh add|replace|del|flush ...; ipinfo [-force] -batch FILE|-
//
// Without an OBJECT it prints an overview: every link with its addresses,
// then the main routing table. -j prints JSON with ip -j's field names.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Interrupting monitor is its normal end: the context stops it and
	// run flushes what it has.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
