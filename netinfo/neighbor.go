package netinfo

import (
	"net"
	"net/netip"
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
}

// NeighFilter selects neighbours. Zero fields match everything.
type NeighFilter struct {
	Family Family
	Index  int
	State  NeighState // any of these states; 0: all
}

// NeighState is the NUD_* state bit set.
type NeighState uint16

// Neighbour states (linux/neighbour.h).
const (
	NeighIncomplete NeighState = 0x01
	NeighReachable  NeighState = 0x02
	NeighStale      NeighState = 0x04
	NeighDelay      NeighState = 0x08
	NeighProbe      NeighState = 0x10
	NeighFailed     NeighState = 0x20
	NeighNoARP      NeighState = 0x40
	NeighPermanent  NeighState = 0x80
	NeighNone       NeighState = 0x00
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
	NeighUse        NeighFlags = 0x01
	NeighSelf       NeighFlags = 0x02
	NeighMaster     NeighFlags = 0x04
	NeighProxy      NeighFlags = 0x08
	NeighExtLearned NeighFlags = 0x10
	NeighOffloaded  NeighFlags = 0x20
	NeighSticky     NeighFlags = 0x40
	NeighRouter     NeighFlags = 0x80
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
