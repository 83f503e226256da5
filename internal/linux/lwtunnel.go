package linux

// linux/lwtunnel.h and linux/mpls_iptunnel.h: route encapsulation.
const (
	LWTUNNEL_ENCAP_MPLS = 1
	MPLS_IPTUNNEL_DST   = 1
)
