package main

import (
	"encoding/binary"
	"net"
	"net/netip"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file fills a namespace's route cache the way the network does:
// an ICMP "fragmentation needed" or ICMPv6 "packet too big" arriving on
// a link makes the kernel cache a smaller path MTU for the destination
// of the packet it quotes (an IPv4 next-hop exception, an IPv6 cached
// route), which `ip route show cache` lists.

// A pmtuNote is one such message: sent out of dev (a veth) to its peer,
// whose MAC address is to, from the gateway from to the local address
// local, about a packet from local to dst.
type pmtuNote struct {
	dev         string
	to, fromMAC net.HardwareAddr
	from, local netip.Addr
	dst         netip.Addr
	mtu         uint16
}

// sendPMTU sends the notes from inside ns, through a packet socket.
func sendPMTU(t *testing.T, ns *nstest.NS, notes ...pmtuNote) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		// The thread enters the namespace and is dropped with the
		// goroutine: it is never unlocked.
		runtime.LockOSThread()
		f, err := os.Open(ns.Path)
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		for _, n := range notes {
			if err := n.send(); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	require.NoError(t, <-errc)
}

func (n pmtuNote) send() error {
	ifi, err := net.InterfaceByName(n.dev)
	if err != nil {
		return err
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	var frame []byte
	frame = append(frame, n.to...)
	frame = append(frame, n.fromMAC...)
	if n.dst.Is4() {
		frame = binary.BigEndian.AppendUint16(frame, unix.ETH_P_IP)
		// The quoted packet is an echo reply: for those the kernel's
		// ICMP error handler updates the path MTU itself.
		inner := append(ipv4Header(n.local, n.dst, 1500, 1), 0, 0, 0, 0, 0, 1, 0, 1)
		icmp := append([]byte{3, 4, 0, 0, 0, 0, byte(n.mtu >> 8), byte(n.mtu)}, inner...)
		binary.BigEndian.PutUint16(icmp[2:], inetChecksum(icmp, 0))
		frame = append(frame, ipv4Header(n.from, n.local, 20+len(icmp), 1)...)
		frame = append(frame, icmp...)
	} else {
		frame = binary.BigEndian.AppendUint16(frame, unix.ETH_P_IPV6)
		echo := []byte{128, 0, 0, 0, 0, 1, 0, 1}
		inner := append(ipv6Header(n.local, n.dst, len(echo)), echo...)
		icmp := append([]byte{2, 0, 0, 0, 0, 0, byte(n.mtu >> 8), byte(n.mtu)}, inner...)
		var pseudo []byte
		pseudo = append(pseudo, n.from.AsSlice()...)
		pseudo = append(pseudo, n.local.AsSlice()...)
		pseudo = binary.BigEndian.AppendUint32(pseudo, uint32(len(icmp)))
		pseudo = append(pseudo, 0, 0, 0, 58)
		binary.BigEndian.PutUint16(icmp[2:], inetChecksum(icmp, inetSum(pseudo)))
		frame = append(frame, ipv6Header(n.from, n.local, len(icmp))...)
		frame = append(frame, icmp...)
	}
	return unix.Sendto(fd, frame, 0, &unix.SockaddrLinklayer{Ifindex: ifi.Index, Halen: 6})
}

// ipv4Header is an IPv4 header (DF set) of a packet of total bytes.
func ipv4Header(src, dst netip.Addr, total int, proto byte) []byte {
	h := []byte{0x45, 0, byte(total >> 8), byte(total), 0, 7, 0x40, 0, 64, proto, 0, 0}
	h = append(h, src.AsSlice()...)
	h = append(h, dst.AsSlice()...)
	binary.BigEndian.PutUint16(h[10:], inetChecksum(h, 0))
	return h
}

// ipv6Header is an IPv6 header of an ICMPv6 payload of n bytes.
func ipv6Header(src, dst netip.Addr, n int) []byte {
	h := []byte{0x60, 0, 0, 0, byte(n >> 8), byte(n), 58, 255}
	h = append(h, src.AsSlice()...)
	return append(h, dst.AsSlice()...)
}

// inetSum adds b as 16-bit words, the Internet checksum's sum.
func inetSum(b []byte) uint32 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	return s
}

// inetChecksum is the Internet checksum of b, starting from sum.
func inetChecksum(b []byte, sum uint32) uint16 {
	s := sum + inetSum(b)
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
