// Package genl speaks generic netlink (NETLINK_GENERIC) over an
// [nlsock.Conn]: families, their versions, operations and multicast groups
// resolved by name through the kernel's controller (nlctrl), and requests
// and group subscriptions addressed by family name. Messages are
// github.com/mdlayher/genetlink's.
//
// The package works on Linux; elsewhere [Dial] returns an error matching
// nlsock.ErrNotSupported.
package genl

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/nlsock"
)

// Operation capability flags (GENL_* in linux/genetlink.h).
const (
	AdminPerm    = linux.GENL_ADMIN_PERM     // needs CAP_NET_ADMIN
	CanDo        = linux.GENL_CMD_CAP_DO     // answers a request
	CanDump      = linux.GENL_CMD_CAP_DUMP   // answers a dump
	HasPolicy    = linux.GENL_CMD_CAP_HASPOL // validates attributes by a policy
	UnsAdminPerm = linux.GENL_UNS_ADMIN_PERM // needs CAP_NET_ADMIN in the user namespace
)

// A Family is a generic netlink family as the controller describes it.
type Family struct {
	ID         uint16
	Name       string
	Version    uint32
	HeaderSize uint32 // bytes of family header after the generic one
	MaxAttr    uint32 // the highest attribute type the family knows
	Ops        []Op
	Groups     []Group
}

// An Op is one operation (command) a family supports.
type Op struct {
	ID    uint32
	Flags uint32 // AdminPerm, CanDo, CanDump, HasPolicy, UnsAdminPerm
}

// A Group is one multicast group of a family.
type Group struct {
	ID   uint32
	Name string
}

// Group returns the family's multicast group of that name.
func (f Family) Group(name string) (Group, bool) {
	for _, g := range f.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return Group{}, false
}

// ErrNoGroup is returned for a multicast group name a family lacks.
var ErrNoGroup = errors.New("genl: no such multicast group")

// A Conn is a generic netlink socket that resolves families by name,
// remembering what it resolved. It is safe for concurrent use.
type Conn struct {
	sock *nlsock.Conn

	mu       sync.Mutex
	families map[string]Family
}

// Dial opens a NETLINK_GENERIC socket as cfg says (nil for the defaults).
func Dial(cfg *nlsock.Config) (*Conn, error) {
	s, err := nlsock.Dial(nlsock.Generic, cfg)
	if err != nil {
		return nil, err
	}
	return &Conn{sock: s, families: map[string]Family{}}, nil
}

// Socket is the underlying socket, for its options, groups and backlog.
func (c *Conn) Socket() *nlsock.Conn { return c.sock }

// Close closes the socket.
func (c *Conn) Close() error { return c.sock.Close() }

// ctrlRequest asks the controller.
func (c *Conn) ctrlRequest(ctx context.Context, flags netlink.HeaderFlags, attrs func(*netlink.AttributeEncoder)) ([]netlink.Message, error) {
	ae := netlink.NewAttributeEncoder()
	if attrs != nil {
		attrs(ae)
	}
	b, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	data, err := genetlink.Message{Header: genetlink.Header{Command: linux.CTRL_CMD_GETFAMILY, Version: 1}, Data: b}.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return c.sock.Request(ctx, netlink.Message{Header: netlink.Header{Type: linux.GENL_ID_CTRL, Flags: flags}, Data: data})
}

// Families lists every family the kernel has (those visible from the
// socket's network namespace), in the controller's order.
func (c *Conn) Families(ctx context.Context) ([]Family, error) {
	msgs, err := c.ctrlRequest(ctx, netlink.Dump, nil)
	if err != nil {
		return nil, fmt.Errorf("genl: list families: %w", err)
	}
	fams := make([]Family, 0, len(msgs))
	for _, m := range msgs {
		f, err := parseFamily(m.Data)
		if err != nil {
			return nil, err
		}
		fams = append(fams, f)
	}
	c.mu.Lock()
	for _, f := range fams {
		c.families[f.Name] = f
	}
	c.mu.Unlock()
	return fams, nil
}

// Family asks the controller for the family of that name. A family the
// kernel does not have gives an error matching fs.ErrNotExist (ENOENT).
func (c *Conn) Family(ctx context.Context, name string) (Family, error) {
	msgs, err := c.ctrlRequest(ctx, 0, func(ae *netlink.AttributeEncoder) { ae.String(linux.CTRL_ATTR_FAMILY_NAME, name) })
	if err != nil {
		return Family{}, fmt.Errorf("genl: family %q: %w", name, err)
	}
	if len(msgs) != 1 {
		return Family{}, fmt.Errorf("genl: family %q: %d replies from the controller", name, len(msgs))
	}
	f, err := parseFamily(msgs[0].Data)
	if err != nil {
		return Family{}, err
	}
	c.mu.Lock()
	c.families[f.Name] = f
	c.mu.Unlock()
	return f, nil
}

// resolve returns the named family, asking the controller only the first
// time.
func (c *Conn) resolve(ctx context.Context, name string) (Family, error) {
	c.mu.Lock()
	f, ok := c.families[name]
	c.mu.Unlock()
	if ok {
		return f, nil
	}
	return c.Family(ctx, name)
}

// Execute sends m to the named family and returns the replies, as
// nlsock.Conn.Request does (multi-part replies up to NLMSG_DONE, errors
// with their extended ack). A zero m.Header.Version is replaced by the
// family's version. flags are the netlink header's (netlink.Dump,
// netlink.Acknowledge, ...).
func (c *Conn) Execute(ctx context.Context, family string, m genetlink.Message, flags netlink.HeaderFlags) ([]genetlink.Message, error) {
	f, err := c.resolve(ctx, family)
	if err != nil {
		return nil, err
	}
	if m.Header.Version == 0 {
		m.Header.Version = uint8(f.Version)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("genl: %s: %w", family, err)
	}
	msgs, err := c.sock.Request(ctx, netlink.Message{Header: netlink.Header{Type: netlink.HeaderType(f.ID), Flags: flags}, Data: data})
	if err != nil {
		return nil, fmt.Errorf("genl: %s command %d: %w", family, m.Header.Command, err)
	}
	out := make([]genetlink.Message, len(msgs))
	for i, r := range msgs {
		if err := out[i].UnmarshalBinary(r.Data); err != nil {
			return nil, fmt.Errorf("genl: %s: reply %d: %w", family, i, err)
		}
	}
	return out, nil
}

// JoinGroup subscribes the socket to the family's multicast group, both
// named; the messages arrive through the socket's Next or handlers.
func (c *Conn) JoinGroup(ctx context.Context, family, group string) error {
	g, err := c.group(ctx, family, group)
	if err != nil {
		return err
	}
	return c.sock.JoinGroup(g.ID)
}

// LeaveGroup drops the subscription to the family's multicast group.
func (c *Conn) LeaveGroup(ctx context.Context, family, group string) error {
	g, err := c.group(ctx, family, group)
	if err != nil {
		return err
	}
	return c.sock.LeaveGroup(g.ID)
}

func (c *Conn) group(ctx context.Context, family, group string) (Group, error) {
	f, err := c.resolve(ctx, family)
	if err != nil {
		return Group{}, err
	}
	g, ok := f.Group(group)
	if !ok {
		return Group{}, fmt.Errorf("genl: family %s, group %q: %w", family, group, ErrNoGroup)
	}
	return g, nil
}

// parseFamily decodes a controller message's payload (generic header and
// attributes).
func parseFamily(b []byte) (Family, error) {
	var gm genetlink.Message
	if err := gm.UnmarshalBinary(b); err != nil {
		return Family{}, fmt.Errorf("genl: controller message: %w", err)
	}
	ad, err := netlink.NewAttributeDecoder(gm.Data)
	if err != nil {
		return Family{}, fmt.Errorf("genl: controller message: %w", err)
	}
	var f Family
	for ad.Next() {
		switch ad.Type() {
		case linux.CTRL_ATTR_FAMILY_ID:
			f.ID = ad.Uint16()
		case linux.CTRL_ATTR_FAMILY_NAME:
			f.Name = ad.String()
		case linux.CTRL_ATTR_VERSION:
			f.Version = ad.Uint32()
		case linux.CTRL_ATTR_HDRSIZE:
			f.HeaderSize = ad.Uint32()
		case linux.CTRL_ATTR_MAXATTR:
			f.MaxAttr = ad.Uint32()
		case linux.CTRL_ATTR_OPS:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					var op Op
					nad.Nested(func(oad *netlink.AttributeDecoder) error {
						for oad.Next() {
							switch oad.Type() {
							case linux.CTRL_ATTR_OP_ID:
								op.ID = oad.Uint32()
							case linux.CTRL_ATTR_OP_FLAGS:
								op.Flags = oad.Uint32()
							}
						}
						return nil
					})
					f.Ops = append(f.Ops, op)
				}
				return nil
			})
		case linux.CTRL_ATTR_MCAST_GROUPS:
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				for nad.Next() {
					var g Group
					nad.Nested(func(gad *netlink.AttributeDecoder) error {
						for gad.Next() {
							switch gad.Type() {
							case linux.CTRL_ATTR_MCAST_GRP_ID:
								g.ID = gad.Uint32()
							case linux.CTRL_ATTR_MCAST_GRP_NAME:
								g.Name = gad.String()
							}
						}
						return nil
					})
					f.Groups = append(f.Groups, g)
				}
				return nil
			})
		}
	}
	if err := ad.Err(); err != nil {
		return Family{}, fmt.Errorf("genl: controller message: %w", err)
	}
	return f, nil
}
