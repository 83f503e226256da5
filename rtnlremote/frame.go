package rtnlremote

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Frame kinds. Client to server:
const (
	kindSend  byte = 'S' // a datagram of netlink messages for the backend
	kindJoin  byte = 'J' // join the multicast group in the 4-byte payload
	kindLeave byte = 'L' // leave the multicast group in the 4-byte payload
)

// Server to client:
const (
	kindHello     byte = 'H' // version and port id, 4 bytes each
	kindUnicast   byte = 'U' // a datagram answering the client's requests
	kindMulticast byte = 'M' // a datagram of multicast events
	kindOverflow  byte = 'O' // events were lost: the reader gets ENOBUFS
	kindResult    byte = 'R' // errno (0: done) of the last join or leave
)

// protocolVersion is sent in the hello; a client refuses any other.
const protocolVersion = 1

// maxFrame bounds a frame's length. A netlink datagram is at most 64 KiB
// from the kernel in practice; an emulator may build larger ones.
const maxFrame = 4 << 20

// errBadFrame reports a frame no client of this package sends.
var errBadFrame = errors.New("malformed frame")

// readFrame reads one frame into buf (grown as needed) and returns its
// kind and payload, which alias buf.
func readFrame(r *bufio.Reader, buf []byte) (kind byte, payload, newBuf []byte, err error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, buf, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n == 0 {
		return 0, nil, buf, fmt.Errorf("%w: empty", errBadFrame)
	}
	if n > maxFrame {
		return 0, nil, buf, fmt.Errorf("%w: %d bytes, more than %d", errBadFrame, n, maxFrame)
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, buf, err
	}
	return buf[0], buf[1:], buf, nil
}

// appendFrame appends a frame of kind with payload to b.
func appendFrame(b []byte, kind byte, payload []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(payload)+1))
	b = append(b, kind)
	return append(b, payload...)
}

// appendFrameU32 appends a frame whose payload is the 4-byte values vs.
func appendFrameU32(b []byte, kind byte, vs ...uint32) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(1+4*len(vs)))
	b = append(b, kind)
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}
