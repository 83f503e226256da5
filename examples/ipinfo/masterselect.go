package main

import "github.com/rtnlx/rtnlx/netinfo"

// A masterFilter is the `master DEV`, `vrf NAME` and `nomaster` words of
// the link, addr and neigh selectors, as ip's get_filter reads them.
type masterFilter struct {
	master    string // `master DEV` or `vrf NAME`
	masterVRF bool   // it was given as vrf: it must be a VRF device
	nomaster  bool   // `nomaster` (filter.master = -1); a later master wins
	masterIdx int    // resolved: > 0 a link, -1 no master, 0 no filter
}

// setMaster takes `master DEV` (vrf false) or `vrf NAME` (vrf true).
func (m *masterFilter) setMaster(dev string, vrf bool) {
	m.master, m.masterVRF, m.nomaster = dev, vrf, false
}

// setNoMaster takes `nomaster`.
func (m *masterFilter) setNoMaster() { m.master, m.nomaster = "", true }

// resolveMaster looks up the master, failing as ip does (it exits).
func (m *masterFilter) resolveMaster(ds []netinfo.LinkDetails) error {
	if m.master != "" {
		idx, _ := findLink(ds, m.master)
		if m.masterVRF {
			if idx == 0 || !isVRF(ds, m.master) {
				return invalidArg("Not a valid VRF name\n", m.master)
			}
		} else if idx == 0 {
			return invalidArg("Device does not exist\n", m.master)
		}
		m.masterIdx = idx
	}
	if m.nomaster {
		m.masterIdx = -1
	}
	return nil
}

// dropsMaster says whether a link whose master is master fails the filter.
func (m *masterFilter) dropsMaster(master int) bool {
	return m.masterIdx > 0 && master != m.masterIdx || m.masterIdx < 0 && master != 0
}
