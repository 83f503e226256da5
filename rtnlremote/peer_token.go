package rtnlremote

// Token group attributes (winnt.h), spelled here so that tokenPeer, and
// its tests, build on every OS.
const (
	seGroupEnabled        = 0x00000004
	seGroupUseForDenyOnly = 0x00000010
)

// A tokenGroup is one group of a Windows access token.
type tokenGroup struct {
	sid   string
	attrs uint32
}

// tokenPeer is the Peer of a Windows process from its token: the groups
// that count are the enabled ones. A deny-only group (Administrators in
// a UAC-filtered token, for one) grants nothing, as in an access check.
func tokenPeer(pid int, user string, groups []tokenGroup) Peer {
	p := Peer{PID: pid, SID: user}
	for _, g := range groups {
		if g.attrs&seGroupEnabled != 0 && g.attrs&seGroupUseForDenyOnly == 0 {
			p.GroupSIDs = append(p.GroupSIDs, g.sid)
		}
	}
	return p
}
