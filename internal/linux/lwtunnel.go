package linux

// linux/lwtunnel.h and linux/mpls_iptunnel.h: route encapsulation.
const (
	LWTUNNEL_ENCAP_NONE = 0
	LWTUNNEL_ENCAP_MPLS = 1
	LWTUNNEL_ENCAP_IP   = 2
	LWTUNNEL_ENCAP_IP6  = 4
	LWTUNNEL_ENCAP_BPF  = 6
	LWTUNNEL_ENCAP_MAX  = 10
	MPLS_IPTUNNEL_DST   = 1
)
