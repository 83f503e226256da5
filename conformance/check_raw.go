package conformance

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/netinfo"
)

// RTNL numbers the raw check uses (linux/rtnetlink.h, linux/netlink.h);
// written out because x/sys/unix does not build everywhere the suite runs.
const (
	rtmNewLink      = 16
	rtmDelLink      = 17
	rtmGetLink      = 18
	rtnlgrpLink     = 1
	iflaIfname      = 3
	sizeofIfinfomsg = 16
)

// raw checks Handle.Raw: a request with its replies, a put whose replies
// arrive with the broadcasts, port ids, and group membership (with the
// Mutator, that a joined group delivers a change).
func (s *suite) raw(t *testing.T) {
	h := s.open(t)
	ctx := checkContext(t)
	links, err := h.Links(ctx)
	if err != nil {
		t.Fatalf("links: %v", err)
	}
	r := h.Raw()
	defer r.Close()
	dump := netlink.Message{Header: netlink.Header{Type: rtmGetLink, Flags: netlink.Dump}, Data: make([]byte, sizeofIfinfomsg)}

	t.Run("request", func(t *testing.T) {
		msgs, err := r.Execute(ctx, dump)
		if err != nil {
			t.Fatalf("Execute(RTM_GETLINK dump): %v", err)
		}
		if len(msgs) != len(links) {
			t.Errorf("Execute(RTM_GETLINK dump): %d messages, Links has %d", len(msgs), len(links))
		}
		for _, m := range msgs {
			if m.Header.Type != rtmNewLink {
				t.Errorf("reply of type %d, want RTM_NEWLINK", m.Header.Type)
			}
		}
	})

	t.Run("put", func(t *testing.T) {
		seq, err := r.Send(ctx, dump)
		if err != nil {
			t.Fatalf("Send(RTM_GETLINK dump): %v", err)
		}
		n := 0
		for {
			m, err := r.Broadcast(ctx)
			if err != nil {
				t.Fatalf("Broadcast after Send: %v", err)
			}
			if m.Header.Sequence != seq {
				continue // a broadcast proper
			}
			if m.Header.Type == netlink.Done {
				break
			}
			n++
		}
		if n != len(links) {
			t.Errorf("Send(RTM_GETLINK dump): %d replies through Broadcast, Links has %d", n, len(links))
		}
	})

	t.Run("port-id", func(t *testing.T) {
		p1, err := r.PortID()
		if err != nil {
			t.Fatalf("PortID: %v", err)
		}
		r2 := h.Raw()
		defer r2.Close()
		p2, err := r2.PortID()
		if err != nil {
			t.Fatalf("PortID of a second RawConn: %v", err)
		}
		if p1 == p2 {
			t.Errorf("two RawConns share port id %d", p1)
		}
		again, err := r.PortID()
		if err != nil || again != p1 {
			t.Errorf("PortID again: %d, %v; want %d", again, err, p1)
		}
	})

	t.Run("groups", func(t *testing.T) {
		g := h.Raw()
		defer g.Close()
		if err := g.JoinGroup(rtnlgrpLink); err != nil {
			t.Fatalf("JoinGroup(RTNLGRP_LINK): %v", err)
		}
		defer func() {
			if err := g.LeaveGroup(rtnlgrpLink); err != nil {
				t.Errorf("LeaveGroup(RTNLGRP_LINK): %v", err)
			}
		}()
		m := s.target.Mutator
		if m == nil || !m.Supports(OpLinkAdd) || !m.Supports(OpLinkDel) {
			notApplicable(t, "the Mutator cannot add and remove links, so no change shows the group works")
		}
		for _, step := range []struct {
			op  Op
			typ netlink.HeaderType
		}{{OpLinkAdd, rtmNewLink}, {OpLinkDel, rtmDelLink}} {
			if err := m.Mutate(ctx, Mutation{Op: step.op, Link: testLinkName}); err != nil {
				t.Fatalf("%s %s: %v", step.op, testLinkName, err)
			}
			if err := waitLinkMessage(ctx, g, step.typ, testLinkName); err != nil {
				t.Fatalf("after %s: %v", step.op, err)
			}
		}
	})
}

// waitLinkMessage reads broadcasts until a link message of type typ names
// the link.
func waitLinkMessage(ctx context.Context, r *netinfo.RawConn, typ netlink.HeaderType, name string) error {
	for {
		m, err := r.Broadcast(ctx)
		if err != nil {
			return err
		}
		if m.Header.Type == typ && len(m.Data) >= sizeofIfinfomsg && linkMessageName(m.Data[sizeofIfinfomsg:]) == name {
			return nil
		}
	}
}

// linkMessageName returns IFLA_IFNAME from a link message's attributes.
func linkMessageName(b []byte) string {
	for len(b) >= 4 {
		l := int(binary.NativeEndian.Uint16(b))
		if l < 4 || l > len(b) {
			return ""
		}
		if binary.NativeEndian.Uint16(b[2:])&0x3fff == iflaIfname {
			v := b[4:l]
			for i, c := range v {
				if c == 0 {
					v = v[:i]
					break
				}
			}
			return string(v)
		}
		b = b[min((l+3)&^3, len(b)):]
	}
	return ""
}
