package rtnlemu

import (
	"bytes"
	"context"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// getLink answers RTM_GETLINK for one link, by ifi_index or IFLA_IFNAME.
// Gets are parsed strictly, as dumps are: bytes left over are EINVAL
// (rtnl_getlink with strict checking).
func (c *Conn) getLink(ctx context.Context, h nlmsg.Header, body []byte) error {
	if len(body) < linux.SizeofIfInfomsg {
		return kerr(syscall.EINVAL, "Invalid header for get link")
	}
	hdr, attrs := body[:linux.SizeofIfInfomsg], body[linux.SizeofIfInfomsg:]
	if hdr[1] != 0 || ne.Uint16(hdr[2:]) != 0 || ne.Uint32(hdr[8:]) != 0 || ne.Uint32(hdr[12:]) != 0 {
		return kerr(syscall.EINVAL, "Invalid values in header for get link request")
	}
	index := ne.Uint32(hdr[4:])
	if int32(index) < 0 {
		index = 0 // rtnl_getlink looks up positive indexes only
	}
	if errno, text := strictPolicy(attrs, linkPolicy); errno != 0 {
		return kerr(errno, text)
	}
	var name []byte
	hasName := false
	ok := strictAttrs(attrs, func(typ uint16, data []byte) bool {
		switch typ {
		case linux.IFLA_IFNAME, linux.IFLA_ALT_IFNAME:
			name, hasName = bytes.TrimRight(data, "\x00"), true
		case linux.IFLA_EXT_MASK, linux.IFLA_TARGET_NETNSID:
		default:
			return false
		}
		return true
	})
	if !ok {
		return kerr(syscall.EINVAL, "Unsupported attribute in get link request")
	}
	if lastAttr(attrs, linux.IFLA_TARGET_NETNSID) != nil {
		return syscall.EINVAL // rtnl_get_net_ns_capable finds no such id
	}
	if index == 0 && !hasName {
		return syscall.EINVAL // rtnl_getlink: no ifindex or name given
	}
	snap, err := c.t.read(ctx, KindLinks)
	if err != nil {
		return err
	}
	if snap == nil {
		return syscall.ENODEV
	}
	for i := range snap.Links {
		l := &snap.Links[i]
		match := l.Index == index
		if index == 0 {
			match = l.Attributes != nil && l.Attributes.Name == string(name)
		}
		if match {
			c.reply(appendLinkMsg(nil, l, linux.RTM_NEWLINK, 0, h.Seq, c.port))
			return nil
		}
	}
	return syscall.ENODEV
}

// getNeigh answers RTM_GETNEIGH for one neighbour (neigh_get).
func (c *Conn) getNeigh(ctx context.Context, h nlmsg.Header, body []byte) error {
	if len(body) < linux.SizeofNdMsg {
		return kerr(syscall.EINVAL, "Invalid header for neighbor get request")
	}
	hdr, attrs := body[:linux.SizeofNdMsg], body[linux.SizeofNdMsg:]
	if hdr[1] != 0 || ne.Uint16(hdr[2:]) != 0 {
		return kerr(syscall.EINVAL, "Invalid values in header for neighbor get request")
	}
	if ne.Uint16(hdr[8:]) != 0 || hdr[11] != 0 {
		return kerr(syscall.EINVAL, "Invalid values in header for neighbor get request")
	}
	if hdr[10]&^linux.NTF_PROXY != 0 {
		return kerr(syscall.EINVAL, "Invalid flags in header for neighbor get request")
	}
	if hdr[10]&linux.NTF_PROXY == 0 && ne.Uint32(hdr[4:]) == 0 {
		return kerr(syscall.EINVAL, "No device specified")
	}
	if errno, text := strictPolicy(attrs, neighPolicy); errno != 0 {
		return kerr(errno, text)
	}
	family := hdr[0]
	var dst []byte
	ok := strictAttrs(attrs, func(typ uint16, data []byte) bool {
		if typ != linux.NDA_DST {
			return false
		}
		dst = data
		return true
	})
	if !ok {
		return kerr(syscall.EINVAL, "Unsupported attribute in neighbor get request")
	}
	if dst == nil {
		return kerr(syscall.EINVAL, "Missing attribute NDA_DST")
	}
	var keyLen int
	switch family {
	case linux.AF_INET:
		keyLen = 4
	case linux.AF_INET6:
		keyLen = 16
	default:
		return syscall.EAFNOSUPPORT
	}
	if dst != nil && len(dst) != keyLen {
		return kerr(syscall.EINVAL, "Invalid network address in neighbor get request")
	}
	index := ne.Uint32(hdr[4:])
	proxy := hdr[10]&linux.NTF_PROXY != 0
	snap, err := c.t.read(ctx, KindLinks|KindNeighbors)
	if err != nil {
		return err
	}
	if snap == nil {
		snap = &Snapshot{}
	}
	if index != 0 && !hasLink(snap, index) {
		return kerr(syscall.ENODEV, "Unknown device ifindex")
	}
	if dst == nil {
		return kerr(syscall.EINVAL, "Network address not specified")
	}
	if index == 0 && !proxy {
		return kerr(syscall.EINVAL, "No device specified")
	}
	for i := range snap.Neighbors {
		n := &snap.Neighbors[i]
		if uint8(n.Family) != family || n.Index != index || (n.Flags&linux.NTF_PROXY != 0) != proxy || n.Attributes == nil {
			continue
		}
		if bytes.Equal(ipBytes(family, n.Attributes.Address), dst) {
			c.reply(appendNeighMsg(nil, n, linux.RTM_NEWNEIGH, 0, h.Seq, c.port))
			return nil
		}
	}
	return kerr(syscall.ENOENT, "Neighbour entry not found")
}

func hasLink(snap *Snapshot, index uint32) bool {
	for i := range snap.Links {
		if snap.Links[i].Index == index {
			return true
		}
	}
	return false
}

// getAddr answers RTM_GETADDR for one address. Only IPv6 has this
// handler (inet6_rtm_getaddr); other families are EOPNOTSUPP, as the
// kernel finds no handler for them.
func (c *Conn) getAddr(ctx context.Context, h nlmsg.Header, body []byte) error {
	if body[0] != linux.AF_INET6 {
		return syscall.EOPNOTSUPP
	}
	if len(body) < linux.SizeofIfAddrmsg {
		return kerr(syscall.EINVAL, "Invalid header for get address request")
	}
	hdr, attrs := body[:linux.SizeofIfAddrmsg], body[linux.SizeofIfAddrmsg:]
	if hdr[1] != 0 || hdr[2] != 0 || hdr[3] != 0 {
		return kerr(syscall.EINVAL, "Invalid values in header for get address request")
	}
	if errno, text := strictPolicy(attrs, addr6Policy); errno != 0 {
		return kerr(errno, text)
	}
	var addr, local []byte
	ok := strictAttrs(attrs, func(typ uint16, data []byte) bool {
		switch typ {
		case linux.IFA_ADDRESS:
			addr = data
		case linux.IFA_LOCAL:
			local = data
		case linux.IFA_TARGET_NETNSID:
		default:
			return false
		}
		return true
	})
	if !ok {
		return kerr(syscall.EINVAL, "Unsupported attribute in get address request")
	}
	if lastAttr(attrs, linux.IFA_TARGET_NETNSID) != nil {
		return syscall.EINVAL // rtnl_get_net_ns_capable finds no such id
	}
	// extract_addr: IFA_LOCAL wins over IFA_ADDRESS.
	if local != nil {
		addr = local
	}
	if len(addr) < 16 { // the policy refused a shorter one
		return syscall.EINVAL
	}
	addr = addr[:16]
	index := ne.Uint32(hdr[4:])
	snap, err := c.t.read(ctx, KindLinks|KindAddrs)
	if err != nil {
		return err
	}
	if snap == nil {
		snap = &Snapshot{}
	}
	if index != 0 && !hasLink(snap, index) {
		index = 0 // inet6_rtm_getaddr: no such device, any device
	}
	for i := range snap.Addrs {
		a := &snap.Addrs[i]
		if a.Family != linux.AF_INET6 || index != 0 && a.Index != index {
			continue
		}
		if bytes.Equal(addrLocal(a), addr) {
			c.reply(appendAddrMsg(nil, a, linux.RTM_NEWADDR, 0, h.Seq, c.port))
			return nil
		}
	}
	return syscall.EADDRNOTAVAIL
}
