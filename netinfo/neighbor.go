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
	State        NeighState       // ndm_state (NUD_*)
	Flags        NeighFlags       // ndm_flags (NTF_*)
	Type         RouteType        // ndm_type
	Protocol     RouteProtocol    // NDA_PROTOCOL: who installed the entry; 0 when not said
	CacheInfo    *NeighCacheInfo  // NDA_CACHEINFO: the entry's use, read only; nil when not said (proxy entries, and deletions a watcher tells from its view)
}

// NeighFilter selects neighbours. Zero fields match everything.
type NeighFilter struct {
	Family Family
	Index  int
	State  NeighState // any of these states; 0: all
	Proxy  bool       // the proxy entries (NTF_PROXY, ip neigh show proxy) instead of the cache
}

// NeighState is the NUD_* state bit set.
type NeighState uint16

// Neighbour states (linux/neighbour.h).
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
}

// String prints ip's words: REACHABLE, STALE, PERMANENT, ...; NONE for 0.
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

// NeighFlags are the NTF_* flags.
type NeighFlags uint8

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
}

// String prints the flags as space-separated ip words.
func (f NeighFlags) String() string { return flagWords(uint64(f), neighFlagWords, " ") }

// Words lists the flags as words.
func (f NeighFlags) Words() []string { return flagList(uint64(f), neighFlagWords) }
