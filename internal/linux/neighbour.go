package linux

// SizeofNdMsg is the size of struct ndmsg: family u8, pad u8, pad u16,
// ifindex s32, state u16, flags u8, type u8.
const SizeofNdMsg = 12

// SizeofNdaCacheinfo is the size of struct nda_cacheinfo (NDA_CACHEINFO):
// confirmed, used, updated (clock_t ticks ago) and refcnt, each u32.
const SizeofNdaCacheinfo = 16

// linux/neighbour.h: neighbour attributes (NDA_*).
const (
	NDA_UNSPEC    = 0
	NDA_DST       = 1
	NDA_LLADDR    = 2
	NDA_CACHEINFO = 3
	NDA_PROBES    = 4
	NDA_IFINDEX   = 8
	NDA_MASTER    = 9
	NDA_PROTOCOL  = 12
	NDA_NH_ID     = 13
	NDA_FLAGS_EXT = 15
)

// linux/neighbour.h: neighbour states (NUD_*).
const (
	NUD_NONE       = 0x00
	NUD_INCOMPLETE = 0x01
	NUD_REACHABLE  = 0x02
	NUD_STALE      = 0x04
	NUD_DELAY      = 0x08
	NUD_PROBE      = 0x10
	NUD_FAILED     = 0x20
	NUD_NOARP      = 0x40
	NUD_PERMANENT  = 0x80
)

// linux/neighbour.h: neighbour flags (NTF_*).
const (
	NTF_USE         = 0x01
	NTF_SELF        = 0x02
	NTF_MASTER      = 0x04
	NTF_PROXY       = 0x08
	NTF_EXT_LEARNED = 0x10
	NTF_OFFLOADED   = 0x20
	NTF_STICKY      = 0x40
	NTF_ROUTER      = 0x80
)

// linux/neighbour.h: the extended neighbour flags, carried in
// NDA_FLAGS_EXT (a u32) and kept by the kernel above ndm_flags' byte,
// shifted by NTF_EXT_SHIFT.
const (
	NTF_EXT_SHIFT         = 8
	NTF_EXT_MANAGED       = 1 << 0
	NTF_EXT_LOCKED        = 1 << 1
	NTF_EXT_EXT_VALIDATED = 1 << 2
)
