package contender

import (
	"context"
	"fmt"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// MdlayherRaw dumps with mdlayher/netlink's Conn.Execute: raw messages,
// no RTNL decoding. It shows what the generic netlink layer costs.
type MdlayherRaw struct{ conn *netlink.Conn }

// NewMdlayherRaw opens a NETLINK_ROUTE connection in the namespace.
func NewMdlayherRaw(nsPath string) (*MdlayherRaw, error) {
	fd, err := openNetNS(nsPath)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	conn, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: fd})
	if err != nil {
		return nil, fmt.Errorf("mdlayher/netlink: %w", err)
	}
	return &MdlayherRaw{conn: conn}, nil
}

// Name implements Contender.
func (m *MdlayherRaw) Name() string { return "mdlayher/netlink raw Execute" }

// InProcess implements Contender.
func (m *MdlayherRaw) InProcess() bool { return true }

// Close implements Contender.
func (m *MdlayherRaw) Close() error { return m.conn.Close() }

// Dump implements Contender.
func (m *MdlayherRaw) Dump(ctx context.Context, o Object) (Sample, error) {
	msgType, header := dumpRequest(o)
	msgs, err := m.conn.Execute(netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(msgType), Flags: netlink.Request | netlink.Dump},
		Data:   header,
	})
	if err != nil {
		return Sample{}, fmt.Errorf("mdlayher/netlink: %w", err)
	}
	return Sample{Records: len(msgs)}, nil
}
