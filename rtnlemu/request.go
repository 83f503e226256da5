package rtnlemu

import (
	"context"
	"errors"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// Send hands the emulated kernel one datagram of one or more requests.
// Each request is answered as the kernel answers it: dumps, gets, acks
// and NLMSG_ERRORs are queued for Receive. A datagram too short to hold
// a netlink header is refused with EINVAL.
func (c *Conn) Send(ctx context.Context, b []byte) error {
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(b) < linux.SizeofNlMsghdr {
		return syscall.EINVAL
	}
	for len(b) >= linux.SizeofNlMsghdr {
		h := nlmsg.ParseHeader(b)
		if h.Len < linux.SizeofNlMsghdr || int(h.Len) > len(b) {
			// The kernel drops such a datagram silently; answering
			// EINVAL instead keeps a waiting requester from hanging.
			c.reply(appendErrorMsg(nil, b[:linux.SizeofNlMsghdr], syscall.EINVAL, "netlink message length out of bounds", c.port))
			return nil
		}
		msg := b[:h.Len]
		if err := c.handle(ctx, h, msg); err != nil {
			return err
		}
		if a := nlmsg.Align(int(h.Len)); a < len(b) {
			b = b[a:]
		} else {
			b = nil
		}
	}
	return nil
}

// handle answers one request, following rtnetlink_rcv_msg. It fails
// only when ctx ended while the request was served: then nothing is
// answered and Send returns ctx's error, as a cancelled send would.
func (c *Conn) handle(ctx context.Context, h nlmsg.Header, msg []byte) error {
	c.warning = ""
	c.replaced = nil
	ack := func() {
		if h.Flags&linux.NLM_F_ACK != 0 {
			c.reply(appendErrorMsg(nil, msg, 0, c.warning, c.port))
		}
	}
	fail := func(errno syscall.Errno, text string) {
		if text == "" {
			text = c.warning
		}
		c.reply(appendErrorMsg(nil, msg, errno, text, c.port))
	}
	// Only requests reach the kernel's handlers; control messages are
	// only acknowledged.
	if h.Flags&linux.NLM_F_REQUEST == 0 || h.Type < linux.NLMSG_MIN_TYPE {
		ack()
		return nil
	}
	if h.Type > linux.RTM_MAX {
		fail(syscall.EOPNOTSUPP, "")
		return nil
	}
	body := msg[linux.SizeofNlMsghdr:]
	// Every RTNL message has at least its family byte; the kernel
	// ignores an empty one.
	if len(body) < 1 {
		ack()
		return nil
	}
	// Either bit of NLM_F_DUMP asks for a dump (rtnetlink_rcv_msg).
	if h.Flags&linux.NLM_F_DUMP != 0 && servesDump(h.Type) {
		return c.startDump(ctx, h, msg)
	}
	// NLM_F_BULK (NLM_F_EXCL's bit) on a delete asks for a bulk delete,
	// which no handler the emulator serves supports.
	if (h.Type-linux.RTM_BASE)%4 == 1 && h.Flags&linux.NLM_F_BULK != 0 {
		fail(syscall.EOPNOTSUPP, "Bulk delete is not supported")
		return nil
	}
	echo := c.echoer(ctx, h, body)
	var err error
	switch h.Type {
	case linux.RTM_GETLINK:
		err = c.getLink(ctx, h, body)
	case linux.RTM_GETNEIGH:
		err = c.getNeigh(ctx, h, body)
	case linux.RTM_GETADDR:
		err = c.getAddr(ctx, h, body)
	case linux.RTM_GETROUTE:
		err = c.getRoute(ctx, h, body)
	case linux.RTM_NEWLINK, linux.RTM_SETLINK:
		err = c.setLink(ctx, h, body)
	case linux.RTM_NEWADDR, linux.RTM_DELADDR:
		err = c.changeAddr(ctx, h, body)
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		err = c.changeRoute(ctx, h, body)
	case linux.RTM_NEWNEIGH, linux.RTM_DELNEIGH:
		err = c.changeNeigh(ctx, h, body)
	default:
		err = syscall.EOPNOTSUPP
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fail(errnoOf(err))
		return nil
	}
	echo()
	ack()
	return nil
}

// echoer prepares NLM_F_ECHO for a change request (body after the
// header): the kernel sends the
// requester the notification of what its request changed, before the
// ack. It reads the changed kind before the request is served and
// returns what sends, after success, the difference as messages
// addressed to the requester (its port id and sequence number).
func (c *Conn) echoer(ctx context.Context, h nlmsg.Header, body []byte) func() {
	if h.Flags&linux.NLM_F_ECHO == 0 {
		return func() {}
	}
	var kind Kind
	switch h.Type {
	case linux.RTM_NEWADDR, linux.RTM_DELADDR:
		if len(body) > 0 && body[0] == linux.AF_INET6 {
			// inet6_ifa_notify notifies without the request.
			return func() {}
		}
		kind = KindAddrs
	case linux.RTM_NEWROUTE, linux.RTM_DELROUTE:
		kind = KindRoutes
	default:
		// Neighbour changes are notified without the request
		// (__neigh_notify), and so are changes to an existing link
		// (do_setlink's dev_change_flags and netdev_state_change), so
		// the kernel does not echo them.
		return func() {}
	}
	before, err := c.t.src.Snapshot(ctx, kind)
	if err != nil || before == nil {
		return func() {}
	}
	old := encodeKind(kind, before, nil)
	return func() {
		after, err := c.t.src.Snapshot(ctx, kind)
		if err != nil || after == nil {
			return
		}
		cur := encodeKind(kind, after, old)
		var evs []event
		if h.Type != linux.RTM_NEWROUTE {
			// A route add or replace notifies the new route alone
			// (fib_table_insert, fib6_add_rt2node), not the one it
			// replaced.
			evs = diffDel(evs, kind, old, cur)
		}
		evs = diffNew(evs, old, cur)
		if len(evs) == 0 && c.replaced != nil {
			if i, ok := cur.findNear(*c.replaced, 0); ok {
				evs = append(evs, event{data: cur.bytes(i)})
			}
		}
		for _, e := range evs {
			b := append([]byte(nil), e.data...)
			if e.delType != 0 {
				ne.PutUint16(b[4:], e.delType)
			}
			if e.patch.set {
				ne.PutUint32(b[linux.SizeofNlMsghdr+12:], e.patch.change)
			}
			ne.PutUint32(b[8:], h.Seq)
			ne.PutUint32(b[12:], c.port)
			c.reply(b)
		}
	}
}

// startDump queues a dump, or answers EBUSY while one is running, as the
// kernel allows one dump per socket at a time.
func (c *Conn) startDump(ctx context.Context, h nlmsg.Header, msg []byte) error {
	c.mu.Lock()
	busy := c.dumping
	c.mu.Unlock()
	if busy {
		c.reply(appendErrorMsg(nil, msg, syscall.EBUSY, "", c.port))
		return nil
	}
	d := &dump{seq: h.Seq, pid: c.port, flags: linux.NLM_F_MULTI}
	if errno, text := parseDump(h, msg[linux.SizeofNlMsghdr:], d); errno != 0 {
		// The kernel validates dump requests in the dump callback, so
		// its errors end the (empty) dump in NLMSG_DONE.
		d.errno, d.text = -int32(errno), text
	} else if err := c.t.snapshotFor(ctx, d); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// A source that cannot be read fails the dump with EIO, unless
		// it says which errno it means.
		errno, text := errnoOf(err)
		var plain syscall.Errno
		var ke *kernelError
		if !errors.As(err, &plain) && !errors.As(err, &ke) {
			errno = syscall.EIO
		}
		d.errno, d.text = -int32(errno), text
		d.snap = nil
	}
	// A strict kernel marks every route of a dump filtered, filter or
	// not (fib_dump_info, rt6_fill_node); other kinds when filtered.
	if d.filter.filtered || d.kind == KindRoutes && d.errno == 0 {
		d.flags |= linux.NLM_F_DUMP_FILTERED
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errClosed
	}
	// The kernel ends a neighbour dump that fits in its first batch
	// at once (NLMSG_DONE in the same datagram), so the socket is not
	// busy after it; the other kinds always end in a later datagram.
	c.dumping = !(d.kind == KindNeighbors && d.snap != nil && len(d.snap.Neighbors)*neighRecordEstimate < maxDumpDatagram)
	c.push(queued{dump: d})
	return nil
}

// servesDump tells whether typ is a GET whose dumps the emulator serves;
// any other is EOPNOTSUPP in an NLMSG_ERROR, as the kernel answers a
// type without a dump handler.
func servesDump(typ uint16) bool {
	switch typ {
	case linux.RTM_GETLINK, linux.RTM_GETADDR, linux.RTM_GETROUTE, linux.RTM_GETNEIGH:
		return true
	}
	return false
}
