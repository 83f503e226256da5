package contender

import (
	"fmt"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// RtnlxEmu dumps with netinfo over rtnlemu: the namespace's records are
// read once (with jsimonetti/rtnetlink, whose message types rtnlemu
// serves), loaded into an rtnlemu.Memory, and every dump then goes
// through the emulator's RTNL encoding and netinfo's decoder, as on the
// BSDs and Windows.
type RtnlxEmu struct {
	*Rtnlx
	transport *rtnlemu.Transport
}

// NewRtnlxEmu loads the namespace's state into an emulator and opens a
// netinfo handle over it.
func NewRtnlxEmu(nsPath string) (*RtnlxEmu, error) {
	j, err := NewJsimonetti(nsPath)
	if err != nil {
		return nil, err
	}
	links, addrs, routes, neighs, err := j.Snapshot()
	j.Close()
	if err != nil {
		return nil, fmt.Errorf("rtnlx over rtnlemu: reading the namespace: %w", err)
	}
	mem := rtnlemu.NewMemory()
	err = mem.Load(&rtnlemu.Snapshot{Links: links, Addrs: addrs, Routes: routes, Neighbors: neighs})
	if err != nil {
		return nil, fmt.Errorf("rtnlx over rtnlemu: loading the emulator: %w", err)
	}
	t := rtnlemu.New(mem)
	h, err := netinfo.Open(netinfo.WithTransport(t))
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("rtnlx over rtnlemu: %w", err)
	}
	return &RtnlxEmu{Rtnlx: newRtnlxOver("rtnlx over rtnlemu.Memory", h), transport: t}, nil
}

// Close implements Contender.
func (r *RtnlxEmu) Close() error {
	err := r.Rtnlx.Close()
	if terr := r.transport.Close(); err == nil {
		err = terr
	}
	return err
}

var _ Contender = (*RtnlxEmu)(nil)
