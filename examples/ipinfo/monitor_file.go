package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file is `monitor file FILE`: the netlink messages iproute2's rtmon
// saved, printed as ip 6.1 prints them (lib/libnetlink.c rtnl_from_file,
// ip/ipmonitor.c accept_msg). The file is messages one after another,
// each a netlink header and its payload padded to 4 bytes, in the host's
// byte order; rtmon puts a timestamp record (nlmsgTstamp) first and
// before each message it received after its first dump of the links.
// ip prints every message whatever objects the command names, with no
// names read beforehand: a link is named by the file's own link messages
// or, failing those, by this namespace's link of that index.

// nlmsgTstamp is iproute2's NLMSG_TSTAMP record: seconds and
// microseconds, a u32 each.
const nlmsgTstamp = 15

// fileMsgMax is the longest message ip reads from a file (its buffer).
const fileMsgMax = 16384

// monitorFile prints the messages saved in c.monFile.
func monitorFile(ctx context.Context, h *netinfo.Handle, c *command, w, errW io.Writer) error {
	f, err := os.Open(c.monFile)
	if err != nil {
		if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // perror's text is strerror's alone
		}
		return &ipError{code: exitUsage, msg: "Cannot fopen: " + errnoTextOf(err), exits: true}
	}
	defer f.Close()
	dev, err := monitorDev(ctx, h, c)
	if err != nil {
		return err
	}
	fc := *c // ip prints every message of the file
	fc.watch = netinfo.WatchAll | netinfo.WatchRules | netinfo.WatchNexthops
	fc.netconf, fc.nsid, fc.prefix, fc.mroute, fc.statsMon = true, true, true, true, true
	out := bufio.NewWriter(w)
	defer out.Flush()
	p := newEventPrinter(&fc, newLLCache(nil, linkGetter(ctx, h)), nil, dev, flushFirst{out, errW})
	if c.allNSID {
		p.nsidTag = nsidTag(-1) // a file's messages carry no namespace id
	}
	r := bufio.NewReader(f)
	buf := make([]byte, fileMsgMax)
	var pos int64
	for {
		msg, err := readFileMsg(r, buf, &pos)
		switch {
		case err == io.EOF:
			return out.Flush()
		case err != nil: // rtnl_from_file's -1, which ip exits with as 1
			return &ipError{code: exitFailure, msg: err.Error()}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := out.Write(p.formatFileMsg(msg)); err != nil {
			return err
		}
	}
}

// readFileMsg reads one message into buf, *pos counting the bytes read:
// io.EOF at the end of the file, ip's complaint as the error for a short
// or malformed one.
func readFileMsg(r io.Reader, buf []byte, pos *int64) ([]byte, error) {
	h := buf[:linux.SizeofNlMsghdr]
	n, err := io.ReadFull(r, h)
	*pos += int64(n)
	switch {
	case n == 0 && err == io.EOF:
		return nil, io.EOF
	case err != nil:
		return nil, errors.New("rtnl-from_file: truncated message")
	}
	size := int(int32(binary.NativeEndian.Uint32(h)))
	padded := (size - linux.SizeofNlMsghdr + linux.NLMSG_ALIGNTO - 1) &^ (linux.NLMSG_ALIGNTO - 1)
	if size < linux.SizeofNlMsghdr || size > len(buf) || linux.SizeofNlMsghdr+padded > len(buf) {
		return nil, fmt.Errorf("!!!malformed message: len=%d @%d", size, *pos)
	}
	n, err = io.ReadFull(r, buf[linux.SizeofNlMsghdr:linux.SizeofNlMsghdr+padded])
	*pos += int64(n)
	if err != nil {
		return nil, errors.New("rtnl-from_file: truncated message")
	}
	return buf[:size], nil
}

// formatFileMsg renders one message as ip's accept_msg does: a file's,
// or one that monitor all-nsid received.
func (p *eventPrinter) formatFileMsg(msg []byte) []byte {
	mh, payload, _, ok := nlmsg.Next(msg)
	if !ok {
		return p.b[:0]
	}
	switch mh.Type {
	case nlmsgTstamp:
		if len(payload) < 8 {
			return p.b[:0]
		}
		sec := int64(binary.NativeEndian.Uint32(payload))
		usec := binary.NativeEndian.Uint32(payload[4:])
		b := append(p.b[:0], "Timestamp: "...)
		b = time.Unix(sec, 0).AppendFormat(b, "Mon Jan _2 15:04:05 2006")
		b = fmt.Appendf(b, " %d us\n", usec)
		p.b = b
		return b
	case linux.NLMSG_ERROR, linux.NLMSG_NOOP, linux.NLMSG_DONE:
		return p.b[:0]
	}
	otherFamily := p.family != netinfo.FamilyAll && len(payload) > 0 && netinfo.Family(payload[0]) != p.family
	switch mh.Type {
	case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH, linux.RTM_GETNEIGH:
		if otherFamily {
			return p.b[:0] // -4, -6: ip prints no neighbour of another family
		}
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		// ip's print_route leaves out a route of another family after
		// the line's headers (a cached one before them).
		if otherFamily && !isMroute(payload) && (len(payload) < linux.SizeofRtMsg || binary.NativeEndian.Uint32(payload[8:])&linux.RTM_F_CLONED == 0) {
			p.b = p.prefix(p.b[:0], "[ROUTE]", false)
			return p.b
		}
	case linux.RTM_NEWRULE, linux.RTM_DELRULE:
		if otherFamily { // print_rule's filter, after the headers
			p.b = p.textPrefix(p.b[:0], "[RULE]", false)
			return p.b
		}
	}
	ev, known, err := fileEvent(mh, payload)
	if err != nil {
		fmt.Fprintf(p.errW, "ipinfo: monitor: %v\n", err)
		return p.b[:0]
	}
	if !known {
		fmt.Fprintf(p.errW, "Unknown message: type=0x%08x(%d) flags=0x%08x(%d) len=0x%08x(%d)\n",
			mh.Type, mh.Type, mh.Flags, mh.Flags, len(msg), len(msg))
		return p.b[:0]
	}
	if ev == nil { // a cached route: ip prints nothing of it
		return p.b[:0]
	}
	ev.Message = msg
	p.nameLink(ev)
	return p.format(ev)
}

// fileEvent decodes a message into the event a watcher would deliver:
// an object, or EventMessage for what netinfo has no object for (then
// printed from its bytes). known is false for a type ip does not print;
// a nil event is a message ip skips.
func fileEvent(mh nlmsg.Header, p []byte) (ev *netinfo.Event, known bool, err error) {
	ev = &netinfo.Event{Type: netinfo.EventNew}
	switch mh.Type {
	case linux.RTM_DELLINK, linux.RTM_DELADDR, linux.RTM_DELROUTE, linux.RTM_DELNEIGH, linux.RTM_DELRULE, linux.RTM_DELNEXTHOP:
		ev.Type = netinfo.EventDel
	}
	ip := func(f netinfo.Family) bool { return f == netinfo.FamilyInet || f == netinfo.FamilyInet6 }
	message := &netinfo.Event{Type: netinfo.EventMessage}
	switch mh.Type {
	case linux.RTM_NEWLINK, linux.RTM_DELLINK:
		if len(p) == 0 || p[0] != linux.AF_UNSPEC {
			return message, true, nil
		}
		l, err := netinfo.DecodeLink(p)
		ev.Link = &l
		return ev, true, err
	case linux.RTM_NEWADDR, linux.RTM_DELADDR:
		a, err := netinfo.DecodeAddr(p)
		if err == nil && !ip(a.Family) {
			return message, true, nil
		}
		ev.Addr = &a
		return ev, true, err
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		if len(p) >= linux.SizeofRtMsg && binary.NativeEndian.Uint32(p[8:])&linux.RTM_F_CLONED != 0 {
			return nil, true, nil
		}
		if isMroute(p) {
			return message, true, nil
		}
		r, err := netinfo.DecodeRoute(p)
		if err == nil && !ip(r.Family) {
			return message, true, nil
		}
		ev.Route = &r
		return ev, true, err
	case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH, linux.RTM_GETNEIGH:
		n, err := netinfo.DecodeNeighbor(p)
		if err == nil && !ip(n.Family) {
			return message, true, nil
		}
		ev.Neighbor = &n
		return ev, true, err
	case linux.RTM_NEWRULE, linux.RTM_DELRULE:
		r, err := netinfo.DecodeRule(p)
		ev.Rule = &r
		return ev, true, err
	case linux.RTM_NEWNEXTHOP, linux.RTM_DELNEXTHOP:
		n, err := netinfo.DecodeNexthop(p)
		ev.Nexthop = &n
		return ev, true, err
	case linux.RTM_NEWNETCONF, linux.RTM_DELNETCONF, linux.RTM_NEWPREFIX, linux.RTM_NEWNSID, linux.RTM_DELNSID, linux.RTM_NEWSTATS:
		return message, true, nil
	}
	return nil, false, nil
}
