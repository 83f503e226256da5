// Command rtnlxd serves the machine's network state as RTNL over an
// AF_UNIX stream socket (on Windows, a named pipe), for any number of
// clients: dumps, gets, changes, multicast groups (one shared
// subscription for all watchers) and raw messages, on every OS rtnlx
// supports. Clients open it with netinfo.WithRemote (ipinfo -remote
// ADDR).
//
//	rtnlxd -listen unix:PATH [-n NETNS] [-metrics ADDR] [-allow-group NAME] [-queue BYTES]
//	rtnlxd.exe -listen pipe:\\.\pipe\NAME [-pipe-sddl SDDL] [-metrics ADDR] [-allow-group NAME] [-queue BYTES]
//
// Anyone who may open the socket (or whom the pipe's security
// descriptor lets connect) may read. Changes are allowed to root, to
// processes holding CAP_NET_ADMIN (Linux), to Windows clients whose
// token has Administrators enabled, and to members of -allow-group;
// anyone else gets EPERM, as from the kernel, and the refusal is
// logged. Started by systemd socket activation (LISTEN_FDS) it serves
// the sockets it is given. -metrics serves Prometheus metrics over
// HTTP: per-link counters and states, counts of addresses, routes and
// neighbours, events, resyncs, clients and refused changes. SIGTERM and
// SIGINT stop it: clients are disconnected and the socket file it made
// is removed.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stderr)
	stop()
	os.Exit(code)
}
