package rtnlremote

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// capNetAdmin is CAP_NET_ADMIN's bit (linux/capability.h).
const capNetAdmin = 12

// peerOf reads SO_PEERCRED, then the peer's supplementary groups and
// effective capabilities from /proc (if its process is visible there).
func peerOf(nc net.Conn) (Peer, error) {
	var p Peer
	err := control(nc, func(fd uintptr) error {
		cred, err := unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
		if err != nil {
			return fmt.Errorf("SO_PEERCRED: %w", err)
		}
		p = Peer{PID: int(cred.Pid), UID: cred.Uid, GID: cred.Gid}
		return nil
	})
	if err != nil {
		return Peer{}, err
	}
	if p.PID > 0 {
		readProcStatus(&p)
	}
	return p, nil
}

// readProcStatus fills the peer's groups and CAP_NET_ADMIN from
// /proc/PID/status. A process gone meanwhile keeps what SO_PEERCRED gave:
// no supplementary groups and no capability, the safe side.
func readProcStatus(p *Peer) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.PID))
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "Groups":
			for _, g := range strings.Fields(val) {
				if n, err := strconv.ParseUint(g, 10, 32); err == nil {
					p.Groups = append(p.Groups, uint32(n))
				}
			}
		case "CapEff":
			if caps, err := strconv.ParseUint(val, 16, 64); err == nil {
				p.NetAdmin = caps&(1<<capNetAdmin) != 0
			}
		}
	}
}
