package ipset

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/nlsock"
)

// A Conn manages IP sets over one NETLINK_NETFILTER socket. It is safe
// for concurrent use.
type Conn struct {
	sock *nlsock.Conn

	mu      sync.Mutex
	headers map[string]Set // type and family by set name, for encoding entries
}

// Dial opens a NETLINK_NETFILTER socket as cfg says (nil for the
// defaults; cfg.NetNS reaches another namespace's sets).
func Dial(cfg *nlsock.Config) (*Conn, error) {
	s, err := nlsock.Dial(nlsock.Netfilter, cfg)
	if err != nil {
		return nil, err
	}
	return &Conn{sock: s, headers: map[string]Set{}}, nil
}

// Close closes the socket.
func (c *Conn) Close() error { return c.sock.Close() }

// Socket is the underlying socket.
func (c *Conn) Socket() *nlsock.Conn { return c.sock }

// request builds and sends an ipset command; attrs adds its attributes
// after IPSET_ATTR_PROTOCOL.
func (c *Conn) request(ctx context.Context, cmd uint16, family Family, flags netlink.HeaderFlags, attrs func(*netlink.AttributeEncoder)) iter.Seq2[netlink.Message, error] {
	ae := netlink.NewAttributeEncoder()
	ae.Uint8(linux.IPSET_ATTR_PROTOCOL, linux.IPSET_PROTOCOL)
	if attrs != nil {
		attrs(ae)
	}
	b, err := ae.Encode()
	if err != nil {
		return func(yield func(netlink.Message, error) bool) { yield(netlink.Message{}, err) }
	}
	m := netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(linux.NFNL_SUBSYS_IPSET<<8 | cmd), Flags: flags},
		Data:   append([]byte{uint8(family), linux.NFNETLINK_V0, 0, 0}, b...),
	}
	return c.sock.RequestIter(ctx, m)
}

// do runs a command that answers with an ack only.
func (c *Conn) do(ctx context.Context, op, set, kind string, cmd uint16, family Family, flags netlink.HeaderFlags, attrs func(*netlink.AttributeEncoder)) error {
	for _, err := range c.request(ctx, cmd, family, flags|netlink.Acknowledge, attrs) {
		if err != nil {
			return kernelError(op, set, kind, err)
		}
	}
	return nil
}

// Protocol returns the kernel's ipset protocol version and the oldest it
// still speaks.
func (c *Conn) Protocol(ctx context.Context) (version, min uint8, err error) {
	for m, err := range c.request(ctx, linux.IPSET_CMD_PROTOCOL, Inet, 0, nil) {
		if err != nil {
			return 0, 0, kernelError("protocol", "", "", err)
		}
		ad, err := attrs(m)
		if err != nil {
			return 0, 0, err
		}
		for ad.Next() {
			switch ad.Type() {
			case linux.IPSET_ATTR_PROTOCOL:
				version = ad.Uint8()
			case linux.IPSET_ATTR_PROTOCOL_MIN:
				min = ad.Uint8()
			}
		}
	}
	return version, min, nil
}

// attrs decodes a reply's attributes after its nfgenmsg.
func attrs(m netlink.Message) (*netlink.AttributeDecoder, error) {
	if len(m.Data) < linux.SizeofNfgenmsg {
		return nil, errors.New("ipset: reply shorter than its nfgenmsg")
	}
	return netlink.NewAttributeDecoder(m.Data[linux.SizeofNfgenmsg:])
}

// revision asks the kernel for the newest revision of a set type.
func (c *Conn) revision(ctx context.Context, typ string, family Family) (uint8, error) {
	var rev uint8
	for m, err := range c.request(ctx, linux.IPSET_CMD_TYPE, family, 0, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_TYPENAME, typ)
		ae.Uint8(linux.IPSET_ATTR_FAMILY, uint8(family))
	}) {
		if err != nil {
			return 0, kernelError("type", typ, "", err)
		}
		ad, err := attrs(m)
		if err != nil {
			return 0, err
		}
		for ad.Next() {
			if ad.Type() == linux.IPSET_ATTR_REVISION {
				rev = ad.Uint8()
			}
		}
	}
	return rev, nil
}

// Create makes the set s describes (its header fields; Members are not
// added). With exist, a set of that name and the same type is not an
// error (the ipset tool's -exist).
func (c *Conn) Create(ctx context.Context, s Set, exist bool) error {
	if err := checkName(s.Name); err != nil {
		return err
	}
	t, err := lookupType(s.Type)
	if err != nil {
		return fmt.Errorf("ipset: create %s: %s", s.Name, strings.TrimPrefix(err.Error(), "ipset: "))
	}
	if t.family == anyFamily && s.Family != 0 && s.Family != Inet && s.Family != Inet6 {
		return fmt.Errorf("ipset: create %s: %v is not inet or inet6", s.Name, s.Family)
	}
	if t.family != anyFamily && s.Family != 0 && s.Family != t.family {
		return fmt.Errorf("ipset: create %s: a %s set has no family option", s.Name, s.Type)
	}
	s.Family = t.setFamily(s.Family)
	if err := checkCreate(t, s); err != nil {
		return err
	}
	rev := s.Revision
	if rev == 0 {
		if rev, err = c.revision(ctx, s.Type, s.Family); err != nil {
			return err
		}
	}
	flags := netlink.Create
	if !exist {
		flags |= netlink.Excl
	}
	err = c.do(ctx, "create", s.Name, t.kind, linux.IPSET_CMD_CREATE, s.Family, flags, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_SETNAME, s.Name)
		ae.String(linux.IPSET_ATTR_TYPENAME, s.Type)
		ae.Uint8(linux.IPSET_ATTR_REVISION, rev)
		ae.Uint8(linux.IPSET_ATTR_FAMILY, uint8(s.Family))
		ae.Nested(linux.IPSET_ATTR_DATA, func(d *netlink.AttributeEncoder) error {
			encodeCreate(d, t, s)
			return nil
		})
	})
	if err == nil {
		c.remember(s)
	}
	return err
}

// checkCreate refuses create options the type does not take.
func checkCreate(t setType, s Set) error {
	bad := func(opt string) error {
		return fmt.Errorf("ipset: create %s: a %s set takes no %s", s.Name, s.Type, opt)
	}
	switch {
	case t.kind != "hash" && (s.HashSize != 0 || s.MaxElem != 0 || s.BucketSize != 0 || s.ForceAdd || s.InitVal != 0):
		return bad("hashsize, maxelem, bucketsize, initval or forceadd")
	case !t.has(compMark) && s.MarkMask != 0:
		return bad("markmask")
	case !t.netmask && s.Netmask != 0:
		return bad("netmask")
	case t.kind != "list" && s.Size != 0:
		return bad("size")
	case t.kind == "bitmap" && t.has(compIP) && (!s.From.IsValid() || !s.To.IsValid() || !s.From.Is4() || !s.To.Is4() || s.To.Less(s.From)):
		return fmt.Errorf("ipset: create %s: a %s set needs an IPv4 range", s.Name, s.Type)
	case !(t.kind == "bitmap" && t.has(compIP)) && (s.From.IsValid() || s.To.IsValid()):
		return bad("address range")
	case t.kind == "bitmap" && t.has(compPort) && s.PortTo < s.PortFrom:
		return fmt.Errorf("ipset: create %s: port range %d-%d ends before it starts", s.Name, s.PortFrom, s.PortTo)
	case !(t.kind == "bitmap" && t.has(compPort)) && (s.PortFrom != 0 || s.PortTo != 0):
		return bad("port range")
	}
	return nil
}

func (c *Conn) remember(s Set) {
	c.mu.Lock()
	c.headers[s.Name] = Set{Name: s.Name, Type: s.Type, Family: s.Family}
	c.mu.Unlock()
}

func (c *Conn) forget(names ...string) {
	c.mu.Lock()
	for _, n := range names {
		delete(c.headers, n)
	}
	c.mu.Unlock()
}

// header returns a set's type and family, asking the kernel once.
func (c *Conn) header(ctx context.Context, name string) (Set, error) {
	c.mu.Lock()
	s, ok := c.headers[name]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	for m, err := range c.request(ctx, linux.IPSET_CMD_HEADER, Inet, 0, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_SETNAME, name)
	}) {
		if err != nil {
			return Set{}, kernelError("header", name, "", err)
		}
		if s, err = decodeSet(m, nil); err != nil {
			return Set{}, err
		}
	}
	c.remember(s)
	return s, nil
}

// Destroy removes the named set, or every set when name is "". A missing
// set is an error matching ErrNotExist.
func (c *Conn) Destroy(ctx context.Context, name string) error {
	err := c.do(ctx, "destroy", name, "", linux.IPSET_CMD_DESTROY, Inet, netlink.Excl, nameAttr(name))
	if name == "" {
		c.mu.Lock()
		clear(c.headers)
		c.mu.Unlock()
	} else {
		c.forget(name)
	}
	return err
}

// Flush removes every entry of the named set, or of every set when name
// is "".
func (c *Conn) Flush(ctx context.Context, name string) error {
	return c.do(ctx, "flush", name, "", linux.IPSET_CMD_FLUSH, Inet, netlink.Excl, nameAttr(name))
}

// Rename renames a set.
func (c *Conn) Rename(ctx context.Context, from, to string) error {
	if err := checkName(to); err != nil {
		return err
	}
	c.forget(from, to)
	return c.do(ctx, "rename", from, "", linux.IPSET_CMD_RENAME, Inet, netlink.Excl, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_SETNAME, from)
		ae.String(linux.IPSET_ATTR_SETNAME2, to)
	})
}

// Swap exchanges the contents (and types) of two sets.
func (c *Conn) Swap(ctx context.Context, a, b string) error {
	c.forget(a, b)
	return c.do(ctx, "swap", a, "", linux.IPSET_CMD_SWAP, Inet, netlink.Excl, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_SETNAME, a)
		ae.String(linux.IPSET_ATTR_SETNAME2, b)
	})
}

func nameAttr(name string) func(*netlink.AttributeEncoder) {
	return func(ae *netlink.AttributeEncoder) {
		if name != "" {
			ae.String(linux.IPSET_ATTR_SETNAME, name)
		}
	}
}

// Add adds an entry to the named set. With exist, an entry already
// there is not an error (its timeout and counters are updated).
func (c *Conn) Add(ctx context.Context, set string, e Entry, exist bool) error {
	return c.adt(ctx, "add", linux.IPSET_CMD_ADD, set, e, exist)
}

// addBatch is how many entries AddAll puts in one message (about 32 KiB
// for networks).
const addBatch = 1000

// AddAll adds many entries to the named set as ipset restore does: a
// thousand to a message (IPSET_ATTR_ADT), each message acknowledged
// before the next. It stops at the first batch the kernel refuses; the
// entries of the batches before it are added. With exist, entries
// already there are not an error.
func (c *Conn) AddAll(ctx context.Context, set string, entries []Entry, exist bool) error {
	if err := checkName(set); err != nil {
		return err
	}
	h, err := c.header(ctx, set)
	if err != nil {
		return err
	}
	t, err := lookupType(h.Type)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := t.check(h.Type, h.Family, e); err != nil {
			return err
		}
	}
	var flags netlink.HeaderFlags
	if !exist {
		flags = netlink.Excl
	}
	for start := 0; start < len(entries); start += addBatch {
		batch := entries[start:min(start+addBatch, len(entries))]
		err := c.do(ctx, "add", set, t.kind, linux.IPSET_CMD_ADD, h.Family, flags, func(ae *netlink.AttributeEncoder) {
			ae.String(linux.IPSET_ATTR_SETNAME, set)
			// The kernel wants a line number with a batch.
			ae.Uint32(linux.IPSET_ATTR_LINENO, uint32(start+1))
			ae.Nested(linux.IPSET_ATTR_ADT, func(adt *netlink.AttributeEncoder) error {
				for i, e := range batch {
					adt.Nested(linux.IPSET_ATTR_DATA, func(d *netlink.AttributeEncoder) error {
						encodeEntry(d, t, e)
						d.Uint32(linux.IPSET_ATTR_LINENO, uint32(start+i+1))
						return nil
					})
				}
				return nil
			})
		})
		if err != nil {
			return fmt.Errorf("%w (in entries %d to %d)", err, start+1, start+len(batch))
		}
	}
	return nil
}

// Del removes an entry from the named set. With exist, an entry not there
// is not an error.
func (c *Conn) Del(ctx context.Context, set string, e Entry, exist bool) error {
	return c.adt(ctx, "del", linux.IPSET_CMD_DEL, set, e, exist)
}

// Test reports whether the entry is in the named set.
func (c *Conn) Test(ctx context.Context, set string, e Entry) (bool, error) {
	err := c.adt(ctx, "test", linux.IPSET_CMD_TEST, set, e, true)
	var ie *Error
	if errors.As(err, &ie) && ie.Code == linux.IPSET_ERR_EXIST {
		return false, nil
	}
	return err == nil, err
}

func (c *Conn) adt(ctx context.Context, op string, cmd uint16, set string, e Entry, exist bool) error {
	if err := checkName(set); err != nil {
		return err
	}
	h, err := c.header(ctx, set)
	if err != nil {
		return err
	}
	t, err := lookupType(h.Type)
	if err != nil {
		return err
	}
	if err := t.check(h.Type, h.Family, e); err != nil {
		return err
	}
	var flags netlink.HeaderFlags
	if !exist {
		flags = netlink.Excl
	}
	return c.do(ctx, op, set, t.kind, cmd, h.Family, flags, func(ae *netlink.AttributeEncoder) {
		ae.String(linux.IPSET_ATTR_SETNAME, set)
		ae.Nested(linux.IPSET_ATTR_DATA, func(d *netlink.AttributeEncoder) error {
			encodeEntry(d, t, e)
			return nil
		})
	})
}

// List yields the named set, or every set when name is "", with their
// members, in the kernel's order. Each set is yielded whole once its last
// part has arrived; for one set too large to hold, use Members.
func (c *Conn) List(ctx context.Context, name string) iter.Seq2[Set, error] {
	return func(yield func(Set, error) bool) {
		var cur *Set
		for m, err := range c.request(ctx, linux.IPSET_CMD_LIST, Inet, netlink.Dump, nameAttr(name)) {
			if err != nil {
				yield(Set{}, kernelError("list", name, "", err))
				return
			}
			s, err := decodeSet(m, nil)
			if err != nil {
				yield(Set{}, err)
				return
			}
			if cur != nil && cur.Name == s.Name {
				cur.Members = append(cur.Members, s.Members...)
				continue
			}
			if cur != nil && !yield(*cur, nil) {
				return
			}
			c.remember(s)
			// The header says how many members follow: room for all of
			// them now, not a copy of the list at every doubling.
			s.Members = slices.Grow(s.Members, int(s.Entries)-len(s.Members))
			cur = &s
		}
		if cur != nil {
			yield(*cur, nil)
		}
	}
}

// Members yields the named set's entries one by one as the kernel dumps
// them, holding none: the form for sets of any size.
func (c *Conn) Members(ctx context.Context, name string) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		if err := checkName(name); err != nil {
			yield(Entry{}, err)
			return
		}
		stop := false
		for m, err := range c.request(ctx, linux.IPSET_CMD_LIST, Inet, netlink.Dump, nameAttr(name)) {
			if err != nil {
				yield(Entry{}, kernelError("list", name, "", err))
				return
			}
			if _, err := decodeSet(m, func(e *Entry) bool {
				stop = !yield(*e, nil)
				return !stop
			}); err != nil {
				yield(Entry{}, err)
				return
			}
			if stop {
				return
			}
		}
	}
}

// decodeSet decodes one list (or header) message: the header and the
// members it carries. With each, members go to it instead of the Set,
// until it returns false; the Entry it is given is reused for the next.
// The message is walked by hand, without copies: the members are most
// of a dump, and this allocates nothing per entry.
func decodeSet(m netlink.Message, each func(*Entry) bool) (Set, error) {
	if len(m.Data) < linux.SizeofNfgenmsg {
		return Set{}, errors.New("ipset: reply shorter than its nfgenmsg")
	}
	var s Set
	var e Entry
	s.Family = Family(m.Data[0])
	for b := m.Data[linux.SizeofNfgenmsg:]; len(b) > 0; {
		typ, v, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			return Set{}, errors.New("ipset: list reply: malformed attribute")
		}
		b = rest
		switch typ {
		case linux.IPSET_ATTR_SETNAME:
			s.Name = string(bytesTrimNUL(v))
		case linux.IPSET_ATTR_TYPENAME:
			s.Type = string(bytesTrimNUL(v))
		case linux.IPSET_ATTR_REVISION:
			if len(v) == 1 {
				s.Revision = v[0]
			}
		case linux.IPSET_ATTR_FAMILY:
			if len(v) == 1 {
				s.Family = Family(v[0])
			}
		case linux.IPSET_ATTR_DATA:
			d, err := netlink.NewAttributeDecoder(v)
			if err != nil {
				return Set{}, fmt.Errorf("ipset: list reply: %w", err)
			}
			decodeHeader(d, &s)
			if err := d.Err(); err != nil {
				return Set{}, fmt.Errorf("ipset: list reply: %w", err)
			}
		case linux.IPSET_ATTR_ADT:
			for l := v; len(l) > 0; {
				typ, v, rest, ok := nlmsg.SplitAttr(l)
				if !ok {
					return Set{}, errors.New("ipset: list reply: malformed member list")
				}
				l = rest
				if typ != linux.IPSET_ATTR_DATA {
					continue
				}
				if each == nil {
					s.Members = append(s.Members, Entry{})
					if err := decodeEntry(v, &s.Members[len(s.Members)-1]); err != nil {
						return Set{}, err
					}
					continue
				}
				e = Entry{}
				if err := decodeEntry(v, &e); err != nil {
					return Set{}, err
				}
				if !each(&e) {
					return s, nil
				}
			}
		}
	}
	return s, nil
}

// bytesTrimNUL cuts a C string at its NUL.
func bytesTrimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

func beU32(b []byte) uint32 {
	if len(b) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

func beU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
