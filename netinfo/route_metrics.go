package netinfo

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// RouteMetrics are a route's metrics (RTA_METRICS, the RTAX_* values
// `ip route` sets with mtu, advmss, window, rtt, ...). Zero fields are
// unset: the kernel uses its defaults for them. The zero value is a
// route without metrics.
type RouteMetrics struct {
	MTU        uint32 // mtu: path MTU
	Window     uint32 // window: largest TCP window advertised
	RTT        time.Duration
	RTTVar     time.Duration
	SSThresh   uint32 // ssthresh
	CWnd       uint32 // cwnd
	AdvMSS     uint32 // advmss
	Reordering uint32 // reordering
	HopLimit   uint32 // hoplimit
	InitCwnd   uint32 // initcwnd
	Features   RouteFeatures
	RTOMin     time.Duration // rto_min
	InitRwnd   uint32        // initrwnd
	QuickAck   uint32        // quickack
	CongCtl    string        // congctl: the congestion control algorithm
	// FastOpenNoCookie is fastopen_no_cookie (1: TCP Fast Open without a
	// cookie on this route).
	FastOpenNoCookie uint32
	// Locked are the metrics the kernel must not change by itself
	// (`ip route ... mtu lock 1400`): bit 1<<RTAX_* per metric, as
	// RTAX_LOCK carries them.
	Locked uint32
}

// RouteFeatures are RTAX_FEATURES' bits.
type RouteFeatures uint32

// Route features.
const (
	RouteFeatureECN       RouteFeatures = linux.RTAX_FEATURE_ECN
	RouteFeatureSACK      RouteFeatures = linux.RTAX_FEATURE_SACK
	RouteFeatureTimestamp RouteFeatures = linux.RTAX_FEATURE_TIMESTAMP
	RouteFeatureAllFrag   RouteFeatures = linux.RTAX_FEATURE_ALLFRAG
	RouteFeatureUsecTS    RouteFeatures = linux.RTAX_FEATURE_TCP_USEC_TS
)

var routeFeatureWords = []flagWord{
	{uint64(RouteFeatureECN), "ecn"},
	{uint64(RouteFeatureSACK), "sack"},
	{uint64(RouteFeatureTimestamp), "timestamp"},
	{uint64(RouteFeatureAllFrag), "allfrag"},
	{uint64(RouteFeatureUsecTS), "tcp_usec_ts"},
}

// String prints the features as ip does: space-separated words.
func (f RouteFeatures) String() string { return flagWords(uint64(f), routeFeatureWords, " ") }

// IsZero reports whether the route has no metrics.
func (m RouteMetrics) IsZero() bool { return m == RouteMetrics{} }

// The kernel keeps rtt in units of 1/8 ms and rttvar of 1/4 ms
// (iproute2 scales them so).
const (
	rttUnit    = time.Millisecond / 8
	rttVarUnit = time.Millisecond / 4
)

// decodeMetrics reads the nested RTAX_* attributes of RTA_METRICS.
// Unknown metrics are ignored; a value shorter than 4 bytes is an error.
func decodeMetrics(b []byte) (RouteMetrics, error) {
	var m RouteMetrics
	ar := attrReader{b: b}
	for ar.next() {
		if ar.typ == linux.RTAX_CC_ALGO {
			m.CongCtl = string(bytes.TrimRight(ar.val, "\x00"))
			continue
		}
		if len(ar.val) < 4 {
			return m, truncated("RTA_METRICS value")
		}
		v := binary.NativeEndian.Uint32(ar.val)
		switch ar.typ {
		case linux.RTAX_LOCK:
			m.Locked = v
		case linux.RTAX_MTU:
			m.MTU = v
		case linux.RTAX_WINDOW:
			m.Window = v
		case linux.RTAX_RTT:
			m.RTT = time.Duration(v) * rttUnit
		case linux.RTAX_RTTVAR:
			m.RTTVar = time.Duration(v) * rttVarUnit
		case linux.RTAX_SSTHRESH:
			m.SSThresh = v
		case linux.RTAX_CWND:
			m.CWnd = v
		case linux.RTAX_ADVMSS:
			m.AdvMSS = v
		case linux.RTAX_REORDERING:
			m.Reordering = v
		case linux.RTAX_HOPLIMIT:
			m.HopLimit = v
		case linux.RTAX_INITCWND:
			m.InitCwnd = v
		case linux.RTAX_FEATURES:
			m.Features = RouteFeatures(v)
		case linux.RTAX_RTO_MIN:
			m.RTOMin = time.Duration(v) * time.Millisecond
		case linux.RTAX_INITRWND:
			m.InitRwnd = v
		case linux.RTAX_QUICKACK:
			m.QuickAck = v
		case linux.RTAX_FASTOPEN_NO_COOKIE:
			m.FastOpenNoCookie = v
		}
	}
	if ar.err != nil {
		return m, truncated("RTA_METRICS")
	}
	return m, nil
}

// appendMetrics appends RTA_METRICS for m, in RTAX order as iproute2
// sends them; nothing for the zero RouteMetrics.
func appendMetrics(dst []byte, m *RouteMetrics) []byte {
	if m.IsZero() {
		return dst
	}
	var at int
	dst, at = nlmsg.BeginNested(dst, linux.RTA_METRICS)
	u32 := func(typ uint16, v uint32) {
		if v != 0 {
			dst = nlmsg.AppendU32(dst, typ, v)
		}
	}
	u32(linux.RTAX_LOCK, m.Locked)
	u32(linux.RTAX_MTU, m.MTU)
	u32(linux.RTAX_WINDOW, m.Window)
	u32(linux.RTAX_RTT, uint32(m.RTT/rttUnit))
	u32(linux.RTAX_RTTVAR, uint32(m.RTTVar/rttVarUnit))
	u32(linux.RTAX_SSTHRESH, m.SSThresh)
	u32(linux.RTAX_CWND, m.CWnd)
	u32(linux.RTAX_ADVMSS, m.AdvMSS)
	u32(linux.RTAX_REORDERING, m.Reordering)
	u32(linux.RTAX_HOPLIMIT, m.HopLimit)
	u32(linux.RTAX_INITCWND, m.InitCwnd)
	u32(linux.RTAX_FEATURES, uint32(m.Features))
	u32(linux.RTAX_RTO_MIN, uint32(m.RTOMin/time.Millisecond))
	u32(linux.RTAX_INITRWND, m.InitRwnd)
	u32(linux.RTAX_QUICKACK, m.QuickAck)
	if m.CongCtl != "" {
		dst = nlmsg.AppendString(dst, linux.RTAX_CC_ALGO, m.CongCtl)
	}
	u32(linux.RTAX_FASTOPEN_NO_COOKIE, m.FastOpenNoCookie)
	return nlmsg.EndNested(dst, at)
}
