package backend_bsd

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// errMalformed reports a message too short for its header or sockaddrs.
var errMalformed = errors.New("backend_bsd: malformed routing message")

// parseStats counts what a parse left out.
type parseStats struct {
	Skipped int // messages that failed to parse and were dropped
}

// ParseMessages parses the routing messages in b, as read from a sysctl
// dump (several messages) or the routing socket (one). A message that
// fails to parse is skipped and counted; a message length that cannot
// be trusted ends the walk (counted once). It never panics.
func (l layout) ParseMessages(b []byte) ([]message, parseStats) {
	return walkMessages(b, l.ParseMessage)
}

// walkMessages splits b into messages by their rtm_msglen and parses
// each with parse.
func walkMessages(b []byte, parse func([]byte) (message, error)) ([]message, parseStats) {
	var msgs []message
	var st parseStats
	for len(b) > 0 {
		if len(b) < 4 {
			st.Skipped++ // a tail too short for a header
			break
		}
		n := int(binary.NativeEndian.Uint16(b[0:2]))
		if n < 4 || n > len(b) {
			st.Skipped++
			break
		}
		m, err := parse(b[:n])
		if err != nil {
			st.Skipped++
		} else {
			msgs = append(msgs, m)
		}
		b = b[n:]
	}
	return msgs, st
}

// ParseMessage parses one routing message (b is exactly one message).
func (l layout) ParseMessage(b []byte) (m message, err error) {
	defer func() {
		// The parser checks every length; this is a last guard so that
		// a kernel's surprise costs one message, never the process.
		if r := recover(); r != nil {
			m, err = message{}, errMalformed
		}
	}()
	return l.parseMessage(b)
}

// parseMessage is ParseMessage without the guard, so that the fuzz
// target sees a panic.
func (l layout) parseMessage(b []byte) (m message, err error) {
	if len(b) < 4 {
		return message{}, errMalformed
	}
	m.Code = b[3]
	var format msgFormat
	m.Type, format = l.msgType(m.Code)
	switch format {
	case formatRoute:
		m.Route, err = l.parseRoute(b)
	case formatAddr, formatAddrOld:
		m.Addr, err = l.parseAddr(b, format)
	case formatIf:
		m.If, err = l.parseIf(b)
	case formatAnnounce:
		m.Announce, err = l.parseAnnounce(b)
	}
	if err != nil {
		return message{}, err
	}
	return m, nil
}

// body returns the offset of the sockaddrs: the header size, or
// OpenBSD's hdrlen field.
func body(b []byte, hdrlen, size int) (int, error) {
	if hdrlen >= 0 {
		if len(b) < hdrlen+2 {
			return 0, errMalformed
		}
		size = int(u16(b, hdrlen))
	}
	if size <= 0 || size > len(b) {
		return 0, errMalformed
	}
	return size, nil
}

// need reports whether b holds the bytes [off, off+size).
func need(b []byte, off, size int) bool { return off >= 0 && off+size <= len(b) }

func u16(b []byte, off int) uint16 { return binary.NativeEndian.Uint16(b[off:]) }
func u32(b []byte, off int) uint32 { return binary.NativeEndian.Uint32(b[off:]) }

// uint reads an unsigned field of 1, 2, 4 or 8 bytes, 0 when absent.
func uintAt(b []byte, off, size int) uint64 {
	if off < 0 || !need(b, off, size) {
		return 0
	}
	switch size {
	case 1:
		return uint64(b[off])
	case 2:
		return uint64(u16(b, off))
	case 4:
		return uint64(u32(b, off))
	case 8:
		return binary.NativeEndian.Uint64(b[off:])
	}
	return 0
}

// intAt reads a signed field of 4 or 8 bytes.
func intAt(b []byte, off, size int) int64 {
	v := uintAt(b, off, size)
	if size == 4 {
		return int64(int32(uint32(v)))
	}
	return int64(v)
}

func (l layout) parseRoute(b []byte) (*routeMsg, error) {
	h := l.rtHeader()
	off, err := body(b, h.hdrlen, h.size)
	if err != nil {
		return nil, err
	}
	r := &routeMsg{
		Index:    uint16(uintAt(b, h.index, 2)),
		RawFlags: uint32(uintAt(b, h.flags, 4)),
		Pid:      int32(uintAt(b, h.pid, 4)),
		Seq:      int32(uintAt(b, h.seq, 4)),
		Errno:    int32(uintAt(b, h.errno, 4)),
		Table:    uint32(uintAt(b, h.table, 2)),
		Priority: uint8(uintAt(b, h.priority, 1)),
		Expire:   intAt(b, h.expire, h.expireSize),
		MTU:      uintAt(b, h.mtu, h.mtuSize),
	}
	r.Flags = l.routeFlags(r.RawFlags)
	var ok bool
	if r.Addrs, ok = l.parseAddrs(uint32(uintAt(b, h.addrs, 4)), b[off:]); !ok {
		return nil, errMalformed
	}
	return r, nil
}

func (l layout) parseAddr(b []byte, format msgFormat) (*addrMsg, error) {
	h := l.ifaHeader(format, b[2])
	off, err := body(b, h.hdrlen, h.size)
	if err != nil {
		return nil, err
	}
	a := &addrMsg{
		Index:  uint16(uintAt(b, h.index, 2)),
		Flags:  uint32(uintAt(b, h.flags, 4)),
		Metric: int32(uintAt(b, h.metric, 4)),
		Table:  uint32(uintAt(b, h.table, 2)),
	}
	if h.addrflags >= 0 {
		a.AddrFlags, a.HasAddrFlags = uint32(uintAt(b, h.addrflags, 4)), true
	}
	var ok bool
	if a.Addrs, ok = l.parseAddrs(uint32(uintAt(b, h.addrs, 4)), b[off:]); !ok {
		return nil, errMalformed
	}
	return a, nil
}

func (l layout) parseIf(b []byte) (*ifMsg, error) {
	h := l.ifHeader()
	size := h.size
	if h.datalen >= 0 && need(b, h.data+h.datalen, 2) {
		// FreeBSD says how long its if_data is; trust it when sane so
		// that a longer if_data of a later release still parses.
		if dl := int(u16(b, h.data+h.datalen)); dl >= 136 {
			size = h.data + dl
		}
	}
	off, err := body(b, h.hdrlen, size)
	if err != nil {
		return nil, err
	}
	d := h.data
	m := &ifMsg{
		Index:   uint16(uintAt(b, h.index, 2)),
		Flags:   uint32(uintAt(b, h.flags, 4)),
		Table:   uint32(uintAt(b, h.table, 2)),
		Type:    uint8(uintAt(b, d+h.typ, 1)),
		AddrLen: uint8(uintAt(b, d+h.addrlen, 1)),
		MTU:     uint32(uintAt(b, d+h.mtu, h.mtuSize)),
		Metric:  uint32(uintAt(b, d+h.metric, h.metricSize)),
	}
	if h.linkState >= 0 {
		m.LinkState = l.linkState(uintAt(b, d+h.linkState, h.linkStateSize))
	}
	c := func(i int) uint64 { return uintAt(b, d+h.counters+i*h.counterSize, h.counterSize) }
	m.Stats = ifStats{
		RxPackets: c(0), RxErrors: c(1), TxPackets: c(2), TxErrors: c(3), Collisions: c(4),
		RxBytes: c(5), TxBytes: c(6), RxMulticast: c(7), TxMulticast: c(8), RxDropped: c(9),
	}
	if h.oqdrops >= 0 {
		m.Stats.TxDropped = uintAt(b, d+h.oqdrops, h.counterSize)
	}
	m.Stats.NoProto = uintAt(b, d+h.noproto, h.counterSize)
	var ok bool
	if m.Addrs, ok = l.parseAddrs(uint32(uintAt(b, h.addrs, 4)), b[off:]); !ok {
		return nil, errMalformed
	}
	return m, nil
}

func (l layout) parseAnnounce(b []byte) (*announceMsg, error) {
	h := l.annHeader()
	if _, err := body(b, h.hdrlen, h.size); err != nil {
		return nil, err
	}
	if !need(b, h.name, ifNameSize) || !need(b, h.what, 2) {
		return nil, errMalformed
	}
	name := b[h.name : h.name+ifNameSize]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return &announceMsg{
		Index:     u16(b, h.index),
		Name:      string(name),
		Departure: u16(b, h.what) == ifanDeparture,
	}, nil
}

func nativePut16(b []byte, v uint16) { binary.NativeEndian.PutUint16(b, v) }
func nativePut32(b []byte, v uint32) { binary.NativeEndian.PutUint32(b, v) }
