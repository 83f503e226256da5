//go:build linux

package netinfo_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
)

// With WithMessages, WatchFunc's link events carry the message they came
// in, and the messages it decodes into no object (a bridge port's
// AF_BRIDGE notification, netconf from an extra group) come as
// EventMessage.
func TestWatchFuncWithMessages(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ns, _, h := openNS(t)
	ctx := testContext(t)
	started := make(chan struct{})
	done := errors.New("seen all")
	var link, port, netconf bool
	initial := true
	errc := make(chan error, 1)
	go func() {
		errc <- h.WatchFunc(ctx, netinfo.WatchLinks, func(ev *netinfo.Event) error {
			switch {
			case ev.Type == netinfo.EventInitialDone:
				initial = false
				close(started)
				return nil
			case initial: // the dump's links come without a message
			case ev.Type == netinfo.EventNew || ev.Type == netinfo.EventDel:
				if ev.Link == nil || len(ev.Message) < linux.SizeofNlMsghdr {
					return fmt.Errorf("link event %+v with message %x", ev.Link, ev.Message)
				}
				d, err := netinfo.DecodeLinkDetails(ev.Message[linux.SizeofNlMsghdr:])
				if err != nil || d.Name != ev.Link.Name {
					return fmt.Errorf("message of %q decodes to %q (%v)", ev.Link.Name, d.Name, err)
				}
				link = link || ev.Link.Name == "mbr0"
			case ev.Type == netinfo.EventMessage:
				if ev.Link != nil || len(ev.Message) <= linux.SizeofNlMsghdr {
					return fmt.Errorf("message event %+v, message %x", ev.Link, ev.Message)
				}
				typ := binary.NativeEndian.Uint16(ev.Message[4:])
				family := ev.Message[linux.SizeofNlMsghdr]
				port = port || typ == linux.RTM_NEWLINK && family == linux.AF_BRIDGE
				netconf = netconf || typ == linux.RTM_NEWNETCONF
			}
			if link && port && netconf {
				return done
			}
			return nil
		}, netinfo.WithInitialState(), netinfo.WithMessages(linux.RTNLGRP_IPV4_NETCONF))
	}()
	select {
	case <-started:
	case err := <-errc:
		t.Fatal(err)
	}
	ns.Batch(t, []string{"link add mbr0 type bridge", "link add mv0 type veth peer name mv1", "link set mv0 master mbr0"})
	select {
	case err := <-errc:
		require.ErrorIs(t, err, done)
	case <-time.After(20 * time.Second):
		t.Fatalf("link %v, bridge port %v, netconf %v", link, port, netconf)
	}
}
