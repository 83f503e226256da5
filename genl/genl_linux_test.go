//go:build linux

package genl_test

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"github.com/rtnlx/rtnlx/genl"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFamilies(t *testing.T) {
	c, err := genl.Dial(nil)
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	f, err := c.Family(ctx, "nlctrl")
	require.NoError(t, err)
	require.Equal(t, uint16(0x10), f.ID)
	require.GreaterOrEqual(t, f.Version, uint32(2))
	require.NotEmpty(t, f.Ops)
	g, ok := f.Group("notify")
	require.True(t, ok)
	require.Equal(t, uint32(0x10), g.ID)

	fams, err := c.Families(ctx)
	require.NoError(t, err)
	require.Equal(t, "nlctrl", fams[0].Name)
	require.Equal(t, f, fams[0])

	_, err = c.Family(ctx, "no-such-family")
	require.ErrorIs(t, err, fs.ErrNotExist)

	// A request by family name: the controller's own dump.
	msgs, err := c.Execute(ctx, "nlctrl", genetlink.Message{Header: genetlink.Header{Command: 3}}, netlink.Dump)
	require.NoError(t, err)
	require.Len(t, msgs, len(fams))
	_, err = c.Execute(ctx, "no-such-family", genetlink.Message{Header: genetlink.Header{Command: 1}}, 0)
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestGroupsByName(t *testing.T) {
	c, err := genl.Dial(nil)
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	require.NoError(t, c.JoinGroup(ctx, "nlctrl", "notify"))
	groups, err := c.Socket().Groups()
	require.NoError(t, err)
	require.Equal(t, []uint32{0x10}, groups)
	require.ErrorIs(t, c.JoinGroup(ctx, "nlctrl", "nosuch"), genl.ErrNoGroup)
	require.NoError(t, c.LeaveGroup(ctx, "nlctrl", "notify"))
	groups, err = c.Socket().Groups()
	require.NoError(t, err)
	require.Empty(t, groups)
}
