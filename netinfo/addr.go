package netinfo

import (
	"net/netip"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
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
	Metric    uint32       // IFA_RT_PRIORITY: the metric of the prefix route the address adds; 0 for none
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
	ScopeUniverse Scope = linux.RT_SCOPE_UNIVERSE
	ScopeSite     Scope = linux.RT_SCOPE_SITE
	ScopeLink     Scope = linux.RT_SCOPE_LINK
	ScopeHost     Scope = linux.RT_SCOPE_HOST
	ScopeNowhere  Scope = linux.RT_SCOPE_NOWHERE
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
	AddrSecondary      AddrFlags = linux.IFA_F_SECONDARY
	AddrNoDAD          AddrFlags = linux.IFA_F_NODAD
	AddrOptimistic     AddrFlags = linux.IFA_F_OPTIMISTIC
	AddrDADFailed      AddrFlags = linux.IFA_F_DADFAILED
	AddrHomeAddress    AddrFlags = linux.IFA_F_HOMEADDRESS
	AddrDeprecated     AddrFlags = linux.IFA_F_DEPRECATED
	AddrTentative      AddrFlags = linux.IFA_F_TENTATIVE
	AddrPermanent      AddrFlags = linux.IFA_F_PERMANENT
	AddrManageTempAddr AddrFlags = linux.IFA_F_MANAGETEMPADDR
	AddrNoPrefixRoute  AddrFlags = linux.IFA_F_NOPREFIXROUTE
	AddrMcAutoJoin     AddrFlags = linux.IFA_F_MCAUTOJOIN
	AddrStablePrivacy  AddrFlags = linux.IFA_F_STABLE_PRIVACY
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
