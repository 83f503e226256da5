// Package rtnlemu serves RTNL (Linux rtnetlink) from any [Source] of
// network state, answering requests exactly as the kernel would: dumps,
// gets, acks, errors, multicast groups and overflow. The BSD and Windows
// backends are Sources; [Memory] is a scriptable in-memory one for tests.
package rtnlemu
