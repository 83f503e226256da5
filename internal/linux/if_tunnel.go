package linux

// linux/if_tunnel.h: attributes nested in a gre or gretap device's
// IFLA_INFO_DATA.
const (
	IFLA_GRE_LINK        = 1
	IFLA_GRE_IFLAGS      = 2
	IFLA_GRE_OFLAGS      = 3
	IFLA_GRE_IKEY        = 4
	IFLA_GRE_OKEY        = 5
	IFLA_GRE_LOCAL       = 6
	IFLA_GRE_REMOTE      = 7
	IFLA_GRE_TTL         = 8
	IFLA_GRE_TOS         = 9
	IFLA_GRE_PMTUDISC    = 10
	IFLA_GRE_ENCAP_TYPE  = 14
	IFLA_GRE_ENCAP_FLAGS = 15
	IFLA_GRE_ENCAP_SPORT = 16
	IFLA_GRE_ENCAP_DPORT = 17
	IFLA_GRE_FWMARK      = 20
)

// linux/if_tunnel.h: attributes nested in an ipip or sit device's
// IFLA_INFO_DATA.
const (
	IFLA_IPTUN_LINK        = 1
	IFLA_IPTUN_LOCAL       = 2
	IFLA_IPTUN_REMOTE      = 3
	IFLA_IPTUN_TTL         = 4
	IFLA_IPTUN_TOS         = 5
	IFLA_IPTUN_PMTUDISC    = 10
	IFLA_IPTUN_FLAGS       = 8
	IFLA_IPTUN_PROTO       = 9
	IFLA_IPTUN_ENCAP_TYPE  = 15
	IFLA_IPTUN_ENCAP_FLAGS = 16
	IFLA_IPTUN_ENCAP_SPORT = 17
	IFLA_IPTUN_ENCAP_DPORT = 18
	IFLA_IPTUN_FWMARK      = 20
)

// linux/if_tunnel.h: GRE header flags (big-endian on the wire, as the
// kernel keeps them in IFLA_GRE_IFLAGS/OFLAGS).
const (
	GRE_CSUM = 0x8000
	GRE_KEY  = 0x2000
	GRE_SEQ  = 0x1000
)
