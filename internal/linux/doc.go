// Package linux holds the numbers of Linux's netlink and rtnetlink ABI:
// message types, flags, attribute types, header sizes, address families,
// interface flags and the other values RTNL messages carry.
//
// They are Linux's numbers on every GOOS. The BSD and Windows backends
// emit RTNL messages on systems whose own headers define different
// values, or none, so nothing here may come from the host (x/sys/unix has
// its Linux constants only on Linux). Each file is named for the kernel
// header (include/uapi/linux/...) its numbers come from, and the names
// are the header's, as x/sys/unix spells them; a Linux-only test checks
// every value that x/sys/unix also has against it.
package linux
