// Package nlmsg is the netlink framing that netinfo's decoder and
// rtnlemu's emulator share: the message header, building a message
// (AppendHeader, Finish), walking a datagram (Next), and attributes
// (SplitAttr, the Append functions, nested attributes).
//
// Everything is in host byte order, as netlink is, and appends to the
// caller's slice, so a dump writes into one reused buffer without
// allocating. The walkers never read past the bytes given and report a
// malformed message with ok false; the callers decide what that means
// (netinfo returns an error, rtnlemu answers as the kernel would).
// SplitAttr and Next are small enough to be inlined into the decoders'
// hot loops; keep them so (go build -gcflags=-m ./internal/nlmsg).
package nlmsg
