// Command ipset manages IP sets with the ipset tool's syntax, on rtnlx's
// ipset package.
//
//	ipset [-n NETNS] [-exist] COMMAND ...
//
//	create SETNAME TYPENAME [family inet|inet6] [hashsize N] [maxelem N]
//	       [timeout N] [counters] [comment]
//	add SETNAME ENTRY [timeout N] [nomatch] [packets N] [bytes N] [comment TEXT]
//	del SETNAME ENTRY
//	test SETNAME ENTRY
//	destroy [SETNAME] | flush [SETNAME]
//	rename FROM TO | swap FROM TO
//	list [-name] [-terse] [SETNAME]
//	save [SETNAME]
//	restore (commands on standard input, as save prints them)
//
// NETNS is a name under /var/run/netns or a namespace file's path. The
// types are those the ipset package handles: hash:ip, hash:net,
// hash:ip,port and hash:net,port.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
