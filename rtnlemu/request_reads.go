package rtnlemu

import (
	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// What each change handler of the kernel reads from a request, after its
// policy check: attribute type → how many bytes it reads (0: all of
// them). The handlers ignore every other attribute, whatever its length,
// so rtnlemu hands the rtnetlink decoder only these: an attribute the
// kernel skips must not make the decoder refuse the request.
var (
	// rtm_to_ifaddr (IPv4 adds) and inet_rtm_deladdr.
	addr4Reads = map[uint16]int{
		linux.IFA_ADDRESS: 4, linux.IFA_LOCAL: 4, linux.IFA_LABEL: 0, linux.IFA_BROADCAST: 4,
		linux.IFA_CACHEINFO: 16, linux.IFA_FLAGS: 4, linux.IFA_RT_PRIORITY: 4, linux.IFA_PROTO: 1,
	}
	// inet6_rtm_newaddr and inet6_rtm_deladdr.
	addr6Reads = map[uint16]int{
		linux.IFA_ADDRESS: 16, linux.IFA_LOCAL: 16, linux.IFA_CACHEINFO: 16,
		linux.IFA_FLAGS: 4, linux.IFA_RT_PRIORITY: 4, linux.IFA_PROTO: 1,
	}
	// rtm_to_fib_config (IPv4 adds and deletes).
	route4Reads = map[uint16]int{
		linux.RTA_DST: 4, linux.RTA_OIF: 4, linux.RTA_GATEWAY: 4, linux.RTA_VIA: 0,
		linux.RTA_PRIORITY: 4, linux.RTA_PREFSRC: 4, linux.RTA_METRICS: 0, linux.RTA_MULTIPATH: 0,
		linux.RTA_FLOW: 4, linux.RTA_TABLE: 4, linux.RTA_ENCAP: 0, linux.RTA_ENCAP_TYPE: 2,
		linux.RTA_NH_ID: 4,
	}
	// rtm_to_fib6_config (IPv6 adds and deletes). RTA_DST and RTA_SRC
	// are read for as many bytes as the prefix length needs: see
	// changeRoute.
	route6Reads = map[uint16]int{
		linux.RTA_DST: 0, linux.RTA_SRC: 0, linux.RTA_OIF: 4, linux.RTA_GATEWAY: 16, linux.RTA_VIA: 0,
		linux.RTA_PRIORITY: 4, linux.RTA_PREFSRC: 16, linux.RTA_METRICS: 0, linux.RTA_MULTIPATH: 0,
		linux.RTA_TABLE: 4, linux.RTA_PREF: 1, linux.RTA_ENCAP: 0, linux.RTA_ENCAP_TYPE: 2,
		linux.RTA_EXPIRES: 4, linux.RTA_NH_ID: 4, linux.RTA_FLOWLABEL: 4,
	}
	// neigh_add (neigh_delete reads only NDA_DST).
	neighReads = map[uint16]int{
		linux.NDA_DST: 0, linux.NDA_LLADDR: 0, linux.NDA_PROTOCOL: 1,
		linux.NDA_NH_ID: 4, linux.NDA_FLAGS_EXT: 4,
	}
)

// onlyRead is body with only the attributes of the types in reads after
// its hdrLen-byte header, each cut to what the handler reads, in their
// order (nothing after a malformed one, as the parse stops there).
func onlyRead(body []byte, hdrLen int, reads map[uint16]int) []byte {
	return filterAttrs(body, hdrLen, func(typ uint16, val []byte) ([]byte, bool) {
		n, read := reads[typ]
		if n != 0 && len(val) > n {
			val = val[:n]
		}
		return val, read
	})
}

// ip6RoutePrefixes gives an IPv6 route request's RTA_DST and RTA_SRC the
// value rtm_to_fib6_config reads: as many bytes as the prefix length
// needs (rtm_dst_len, rtm_src_len), zeros after, 16 bytes in all. short
// reports one with fewer bytes than that, which the kernel refuses.
func ip6RoutePrefixes(body []byte) (out []byte, short bool) {
	shortOf := map[uint16]bool{}
	out = rewriteAttrs(body, linux.SizeofRtMsg, func(typ uint16, val []byte) []byte {
		if typ != linux.RTA_DST && typ != linux.RTA_SRC {
			return val
		}
		plen := int(body[1]) // rtm_dst_len
		if typ == linux.RTA_SRC {
			plen = int(body[2]) // rtm_src_len
		}
		n := (plen + 7) / 8
		shortOf[typ] = len(val) < n // the last one counts
		addr := make([]byte, 16)
		copy(addr, val[:min(len(val), n)])
		return addr
	})
	return out, shortOf[linux.RTA_DST] || shortOf[linux.RTA_SRC]
}

// decodableRoute is a route request's body as the decoder should read
// it: each RTA_METRICS holding the metrics a Source keeps, 4 bytes each,
// up to the first malformed attribute (where the kernel's
// nla_for_each_attr stops, silently), and each RTA_MULTIPATH's next
// hops holding their attributes up to the first malformed one (where
// the kernel's nla_find stops). The kernel's own checks (of metrics in
// ip_metrics_convert, of next hops in fib_get_nhs) read the request's
// bytes.
func decodableRoute(body []byte) []byte {
	return rewriteAttrs(body, linux.SizeofRtMsg, func(typ uint16, val []byte) []byte {
		if typ == linux.RTA_MULTIPATH {
			return decodableHops(val)
		}
		if typ != linux.RTA_METRICS {
			return val
		}
		var mx []byte
		forEachAttr(val, func(t uint16, v []byte) bool {
			if keptMetrics[t] && len(v) == 4 {
				mx = nlmsg.AppendAttr(mx, t, v)
			}
			return true
		})
		return mx
	})
}

// decodableHops is an RTA_MULTIPATH's well-formed next hops, each with
// its attributes up to the first malformed one.
func decodableHops(mp []byte) []byte {
	var out []byte
	for nh := range nexthops(mp) {
		start := len(out)
		out = append(out, 0, 0, nh.flags, nh.hops)
		out = ne.AppendUint32(out, nh.index)
		forEachAttr(nh.attrs, func(t uint16, v []byte) bool {
			out = nlmsg.AppendAttr(out, t, v)
			return true
		})
		ne.PutUint16(out[start:], uint16(len(out)-start))
	}
	return out
}
