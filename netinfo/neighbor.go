package netinfo

import (
	"net"
	"net/netip"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// A Neighbor is an ARP or NDP cache entry (RTM_NEWNEIGH).
type Neighbor struct {
	Index        int              // ifindex of the link
	Family       Family           // FamilyInet or FamilyInet6
	IP           netip.Addr       // NDA_DST
	HardwareAddr net.HardwareAddr // NDA_LLADDR, nil while unresolved
	State        NeighState       // ndm_state (NUD_*); in a request 0 means PERMANENT (NeighExplicitNone asks for NONE)
	Flags        NeighFlags       // ndm_flags (NTF_*) and, above them, NDA_FLAGS_EXT (NeighManaged, ...)
	Type         RouteType        // ndm_type
	Protocol     RouteProtocol    // NDA_PROTOCOL: who installed the entry; 0 when not said
	CacheInfo    *NeighCacheInfo  // NDA_CACHEINFO: the entry's use, read only; nil when not said (proxy entries, and deletions a watcher tells from its view)
}

// NeighFilter selects neighbours. Zero fields match everything.
type NeighFilter struct {
	Family Family
	Index  int
	State  NeighState // any of these states (NeighExplicitNone: entries in none); 0: all
	Proxy  bool       // the proxy entries (NTF_PROXY, ip neigh show proxy) instead of the cache
}

// NeighState is the NUD_* state bit set.
type NeighState uint16

// Neighbour states (linux/neighbour.h). The kernel's NUD_NONE is 0, the
// zero value, which a request reads as "not said": AddNeighbor,
// ReplaceNeighbor and ChangeNeighbor send it as NUD_PERMANENT, as ip
// neigh does, or as NUD_NONE for a managed entry. NeighExplicitNone asks
// for NUD_NONE itself.
const (
	NeighIncomplete NeighState = linux.NUD_INCOMPLETE
	NeighReachable  NeighState = linux.NUD_REACHABLE
	NeighStale      NeighState = linux.NUD_STALE
	NeighDelay      NeighState = linux.NUD_DELAY
	NeighProbe      NeighState = linux.NUD_PROBE
	NeighFailed     NeighState = linux.NUD_FAILED
	NeighNoARP      NeighState = linux.NUD_NOARP
	NeighPermanent  NeighState = linux.NUD_PERMANENT
	NeighNone       NeighState = linux.NUD_NONE

	// NeighExplicitNone is NUD_NONE said explicitly: in a request it
	// sends state 0 (ip neigh ... nud none), which leaves a new entry
	// in no state and without a link-layer address; in a NeighFilter it
	// matches the entries in no state (ip's 0x100 for nud none). It is
	// no kernel state bit and the kernel never reports it; a request
	// refuses it combined with another state.
	NeighExplicitNone NeighState = 0x100
)

var neighStateWords = []flagWord{
	{uint64(NeighIncomplete), "INCOMPLETE"},
	{uint64(NeighReachable), "REACHABLE"},
	{uint64(NeighStale), "STALE"},
	{uint64(NeighDelay), "DELAY"},
	{uint64(NeighProbe), "PROBE"},
	{uint64(NeighFailed), "FAILED"},
	{uint64(NeighNoARP), "NOARP"},
	{uint64(NeighPermanent), "PERMANENT"},
	{uint64(NeighExplicitNone), "NONE"},
}

// String prints ip's words: REACHABLE, STALE, PERMANENT, ...; NONE for 0
// and NeighExplicitNone.
func (s NeighState) String() string {
	if s == 0 {
		return "NONE"
	}
	return flagWords(uint64(s), neighStateWords, " ")
}

// Words lists the states as ip -j's "state" array does.
func (s NeighState) Words() []string {
	if s == 0 {
		return []string{"NONE"}
	}
	return flagList(uint64(s), neighStateWords)
}

// NeighFlags are the NTF_* flags: ndm_flags' byte, and the extended
// flags of NDA_FLAGS_EXT above it (NTF_EXT_* shifted by NTF_EXT_SHIFT),
// as the kernel keeps them in one word.
type NeighFlags uint32

// Neighbour flags (linux/neighbour.h).
const (
	NeighUse        NeighFlags = linux.NTF_USE
	NeighSelf       NeighFlags = linux.NTF_SELF
	NeighMaster     NeighFlags = linux.NTF_MASTER
	NeighProxy      NeighFlags = linux.NTF_PROXY
	NeighExtLearned NeighFlags = linux.NTF_EXT_LEARNED
	NeighOffloaded  NeighFlags = linux.NTF_OFFLOADED
	NeighSticky     NeighFlags = linux.NTF_STICKY
	NeighRouter     NeighFlags = linux.NTF_ROUTER

	// The extended flags, sent and read in NDA_FLAGS_EXT.
	NeighManaged      NeighFlags = linux.NTF_EXT_MANAGED << linux.NTF_EXT_SHIFT       // the kernel keeps the entry resolved (ip neigh ... managed)
	NeighLocked       NeighFlags = linux.NTF_EXT_LOCKED << linux.NTF_EXT_SHIFT        // a bridge FDB entry of a locked port
	NeighExtValidated NeighFlags = linux.NTF_EXT_EXT_VALIDATED << linux.NTF_EXT_SHIFT // externally validated (kernel 6.16)
)

var neighFlagWords = []flagWord{
	{uint64(NeighUse), "use"},
	{uint64(NeighSelf), "self"},
	{uint64(NeighMaster), "master"},
	{uint64(NeighProxy), "proxy"},
	{uint64(NeighExtLearned), "extern_learn"},
	{uint64(NeighOffloaded), "offload"},
	{uint64(NeighSticky), "sticky"},
	{uint64(NeighRouter), "router"},
	{uint64(NeighManaged), "managed"},
	{uint64(NeighLocked), "locked"},
	{uint64(NeighExtValidated), "extern_valid"},
}

// String prints the flags as space-separated ip words.
func (f NeighFlags) String() string { return flagWords(uint64(f), neighFlagWords, " ") }

// Words lists the flags as words.
func (f NeighFlags) Words() []string { return flagList(uint64(f), neighFlagWords) }
