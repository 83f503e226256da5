// Package scripts embeds the Python programs the benchmarks run with
// Debian's /usr/bin/python3 and python3-pyroute2, so that the Go
// commands work from any directory.
package scripts

import _ "embed"

// PyrouteDump times one pyroute2 dump inside the namespace it runs in.
// Usage: python3 -c PyrouteDump OBJECT (routes, addrs, neighs or links).
// It prints one JSON object: records, seconds, vmhwm_kib.
//
//go:embed pyroute2_dump.py
var PyrouteDump string

// PyrouteWatch counts route events with pyroute2 (IPRoute bind + get).
// Usage: python3 -c PyrouteWatch. It prints "ready" once subscribed,
// counts until its standard input closes, then prints one JSON object:
// events, enobufs.
//
//go:embed pyroute2_watch.py
var PyrouteWatch string
