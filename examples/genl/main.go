// Command genl lists generic netlink families the way iproute2's genl
// does, on rtnlx's genl package.
//
//	genl [-n NETNS] ctrl list
//	genl [-n NETNS] ctrl get name NAME
//	genl [-n NETNS] ctrl get id ID
//
// NETNS is a name under /var/run/netns or a namespace file's path.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
