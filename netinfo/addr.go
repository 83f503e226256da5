package netinfo

import (
	"net/netip"
	"time"
)

// An Addr is an address on a link (RTM_NEWADDR).
type Addr struct {
	Index     int          // ifindex of the link
	Family    Family       // FamilyInet or FamilyInet6
	Prefix    netip.Prefix // the local address with its prefix length (IFA_LOCAL, else IFA_ADDRESS); not masked
	Peer      netip.Addr   // point-to-point peer (IFA_ADDRESS when it differs from IFA_LOCAL)
	Broadcast netip.Addr   // IFA_BROADCAST
	Scope     Scope        // ifa_scope
	Flags     AddrFlags    // IFA_FLAGS, else ifa_flags
	Label     string       // IFA_LABEL
	// ValidLifetime and PreferredLifetime come from IFA_CACHEINFO;
	// Forever means no expiry.
	ValidLifetime     time.Duration
	PreferredLifetime time.Duration
}

// Forever is the lifetime of an address that does not expire.
const Forever time.Duration = 1<<63 - 1

// AddrFilter selects addresses. Zero fields match everything.
type AddrFilter struct {
	Family Family // FamilyInet, FamilyInet6, or FamilyAll
	Index  int    // only this link
	Scope  *Scope // only this scope
}

// Scope is a route or address scope (RT_SCOPE_*).
type Scope uint8

// Scopes (linux/rtnetlink.h).
const (
	ScopeUniverse Scope = 0
	ScopeSite     Scope = 200
	ScopeLink     Scope = 253
	ScopeHost     Scope = 254
	ScopeNowhere  Scope = 255
)

// String prints ip's word: global, site, link, host, nowhere, or the
// number.
func (s Scope) String() string {
	switch s {
	case ScopeUniverse:
		return "global"
	case ScopeSite:
		return "site"
	case ScopeLink:
		return "link"
	case ScopeHost:
		return "host"
	case ScopeNowhere:
		return "nowhere"
	}
	return itoa(uint64(s))
}

// AddrFlags are the IFA_F_* address flags.
type AddrFlags uint32

// Address flags (linux/if_addr.h).
const (
	AddrSecondary      AddrFlags = 0x01
	AddrNoDAD          AddrFlags = 0x02
	AddrOptimistic     AddrFlags = 0x04
	AddrDADFailed      AddrFlags = 0x08
	AddrHomeAddress    AddrFlags = 0x10
	AddrDeprecated     AddrFlags = 0x20
	AddrTentative      AddrFlags = 0x40
	AddrPermanent      AddrFlags = 0x80
	AddrManageTempAddr AddrFlags = 0x100
	AddrNoPrefixRoute  AddrFlags = 0x200
	AddrMcAutoJoin     AddrFlags = 0x400
	AddrStablePrivacy  AddrFlags = 0x800
)

// addrFlagWords are iproute2's words (ip/ipaddress.c), in its order.
// ip prints the absence of IFA_F_PERMANENT as "dynamic", and "secondary"
// as "secondary" (temporary for IPv6).
var addrFlagWords = []flagWord{
	{uint64(AddrSecondary), "secondary"},
	{uint64(AddrNoDAD), "nodad"},
	{uint64(AddrOptimistic), "optimistic"},
	{uint64(AddrDADFailed), "dadfailed"},
	{uint64(AddrHomeAddress), "home"},
	{uint64(AddrDeprecated), "deprecated"},
	{uint64(AddrTentative), "tentative"},
	{uint64(AddrPermanent), "permanent"},
	{uint64(AddrManageTempAddr), "mngtmpaddr"},
	{uint64(AddrNoPrefixRoute), "noprefixroute"},
	{uint64(AddrMcAutoJoin), "autojoin"},
	{uint64(AddrStablePrivacy), "stable-privacy"},
}

// String prints the flags as space-separated ip words.
func (f AddrFlags) String() string { return flagWords(uint64(f), addrFlagWords, " ") }

// Words lists the flags as words.
func (f AddrFlags) Words() []string { return flagList(uint64(f), addrFlagWords) }
