package rtnlemu

import (
	"context"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// TestLinkCountersAreNoEvent: a link whose counters moved is not a
// change (the kernel sends nothing), but a link whose MTU moved is.
func TestLinkCountersAreNoEvent(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	mem := NewMemory()
	idx := uint32(2)
	link := func(mtu uint32, rx uint64) rtnetlink.LinkMessage {
		return rtnetlink.LinkMessage{Index: idx, Type: 1, Attributes: &rtnetlink.LinkAttributes{
			Name: "eth0", MTU: mtu, Index: &idx,
			Stats64: &rtnetlink.LinkStats64{RXPackets: rx},
			Stats:   &rtnetlink.LinkStats{RXPackets: uint32(rx)},
		}}
	}
	require.NoError(t, mem.PutLink(link(1500, 1)))
	tr := New(mem)
	defer tr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := tr.Dial(ctx)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.JoinGroup(1)) // RTNLGRP_LINK

	buf := make([]byte, 64<<10)
	require.NoError(t, mem.PutLink(link(1500, 1000))) // counters only
	quiet, cancelQuiet := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelQuiet()
	_, err = c.Receive(quiet, buf)
	require.ErrorIs(t, err, context.DeadlineExceeded, "moving counters made an event")

	require.NoError(t, mem.PutLink(link(1400, 2000))) // a real change
	n, err := c.Receive(ctx, buf)
	require.NoError(t, err)
	var got rtnetlink.LinkMessage
	require.NoError(t, got.UnmarshalBinary(buf[linux.SizeofNlMsghdr:n]))
	require.Equal(t, uint32(1400), got.Attributes.MTU, "the first event is the MTU change, not the counters")

	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	_, err = c.Receive(short, buf)
	require.ErrorIs(t, err, context.DeadlineExceeded, "no further event")
}

func TestSameRecordMalformed(t *testing.T) {
	for _, b := range [][]byte{nil, {1}, make([]byte, 40), append(make([]byte, 32), 3, 0, 0, 0)} {
		require.True(t, sameRecord(KindLinks, b, append([]byte(nil), b...)))
		if len(b) > 0 {
			// Malformed bytes still compare as bytes: one changed byte
			// is a change.
			other := append([]byte(nil), b...)
			other[len(other)-1] ^= 0xff
			require.False(t, sameRecord(KindLinks, b, other))
		}
	}
}
