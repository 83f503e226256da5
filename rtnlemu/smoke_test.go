package rtnlemu

import (
	"context"
	"testing"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/mdlayher/netlink"
	"github.com/stretchr/testify/require"
)

func TestSmokeDump(t *testing.T) {
	mem := NewMemory()
	require.NoError(t, mem.PutLink(rtnetlink.LinkMessage{Index: 1, Flags: 1, Attributes: &rtnetlink.LinkAttributes{Name: "lo", MTU: 65536}}))
	tr := New(mem)
	defer tr.Close()
	c, err := tr.Dial(context.Background())
	require.NoError(t, err)
	req := netlink.Message{Header: netlink.Header{Length: 32, Type: rtmGetLink, Flags: netlink.Request | netlink.Dump, Sequence: 7}, Data: make([]byte, 16)}
	b, _ := req.MarshalBinary()
	require.NoError(t, c.Send(context.Background(), b))
	buf := make([]byte, 65536)
	n, err := c.Receive(context.Background(), buf)
	require.NoError(t, err)
	var msgs []netlink.Message
	rest := buf[:n]
	for len(rest) > 0 {
		var m netlink.Message
		require.NoError(t, m.UnmarshalBinary(rest))
		msgs = append(msgs, m)
		rest = rest[nlaAlign(int(m.Header.Length)):]
	}
	require.Len(t, msgs, 2)
	var l rtnetlink.LinkMessage
	require.NoError(t, l.UnmarshalBinary(msgs[0].Data))
	require.Equal(t, "lo", l.Attributes.Name)
	require.Equal(t, netlink.Done, msgs[1].Header.Type)
}
