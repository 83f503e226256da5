package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/netinfo"
)

// This file reads and prints route metrics (RTA_METRICS) as ip does:
// `route add ... mtu [lock] N advmss N rtt 10ms ...` (ip/iproute.c
// iproute_modify) and print_rta_metrics.

// routeMetricWord returns the metric a word of `route add` names, with
// ip's abbreviations in its order of matching; "" for none. Some
// metrics take only their full name, as in ip.
func routeMetricWord(w string) string {
	switch {
	case w == "mtu", w == "hoplimit", w == "advmss":
		return w
	case matches(w, "reordering"):
		return "reordering"
	case w == "rtt", w == "rto_min":
		return w
	}
	for _, m := range []string{"window", "cwnd", "initcwnd", "initrwnd", "features", "quickack", "congctl", "rttvar", "ssthresh"} {
		if matches(w, m) {
			return m
		}
	}
	return ""
}

// routeMetricLate is the metric ip matches only after protocol, table,
// dev and pref: fastopen_no_cookie.
func routeMetricLate(w string) string {
	if matches(w, "fastopen_no_cookie") {
		return "fastopen_no_cookie"
	}
	return ""
}

// routeMetricBits are the RTAX_* numbers of the metrics, for their lock
// bits.
var routeMetricBits = map[string]uint{
	"mtu": linux.RTAX_MTU, "window": linux.RTAX_WINDOW, "rtt": linux.RTAX_RTT,
	"rttvar": linux.RTAX_RTTVAR, "ssthresh": linux.RTAX_SSTHRESH, "cwnd": linux.RTAX_CWND,
	"advmss": linux.RTAX_ADVMSS, "reordering": linux.RTAX_REORDERING,
	"hoplimit": linux.RTAX_HOPLIMIT, "initcwnd": linux.RTAX_INITCWND,
	"rto_min": linux.RTAX_RTO_MIN, "initrwnd": linux.RTAX_INITRWND,
	"congctl": linux.RTAX_CC_ALGO,
}

// parseRouteMetric reads metric's value (and ip's "lock" before it,
// where ip takes one) with next, into r's metrics.
func parseRouteMetric(r *netinfo.Route, metric string, next func() (string, error)) error {
	if r.Metrics == nil {
		r.Metrics = &netinfo.RouteMetrics{}
	}
	m := r.Metrics
	v, err := next()
	if err != nil {
		return err
	}
	switch metric {
	case "features":
		if v != "ecn" {
			return invalidArg("\"features\" value not valid\n", v)
		}
		m.Features |= netinfo.RouteFeatureECN
		return nil
	case "quickack", "fastopen_no_cookie":
		n, err := strconv.ParseUint(v, 0, 32)
		if err != nil {
			return invalidArg("\""+metric+"\" value is invalid\n", v)
		}
		if n > 1 {
			return invalidArg("\""+metric+"\" value should be 0 or 1\n", v)
		}
		if metric == "quickack" {
			m.QuickAck = uint32(n)
		} else {
			m.FastOpenNoCookie = uint32(n)
		}
		return nil
	case "rto_min":
		// ip locks rto_min whenever it is given.
		m.Locked |= 1 << linux.RTAX_RTO_MIN
	default:
		if v == "lock" {
			m.Locked |= 1 << routeMetricBits[metric]
			if v, err = next(); err != nil {
				return err
			}
		}
	}
	switch metric {
	case "congctl":
		m.CongCtl = v
		return nil
	case "rtt", "rttvar", "rto_min":
		ms, raw, ok := parseTimeRTT(v)
		if !ok {
			return invalidArg("\""+metric+"\" value is invalid\n", v)
		}
		switch {
		case metric == "rto_min":
			m.RTOMin = time.Duration(ms) * time.Millisecond
		case metric == "rtt" && raw:
			m.RTT = time.Duration(ms) * time.Millisecond / 8 // kernel units of 1/8 ms
		case metric == "rtt":
			m.RTT = time.Duration(ms) * time.Millisecond
		case raw:
			m.RTTVar = time.Duration(ms) * time.Millisecond / 4 // kernel units of 1/4 ms
		default:
			m.RTTVar = time.Duration(ms) * time.Millisecond
		}
		return nil
	}
	n, err := strconv.ParseUint(v, 0, 32)
	if err != nil || (metric == "hoplimit" && n > 255) {
		what := metric
		if metric == "advmss" {
			what = "mss"
		}
		return invalidArg("\""+what+"\" value is invalid\n", v)
	}
	u := uint32(n)
	switch metric {
	case "mtu":
		m.MTU = u
	case "hoplimit":
		m.HopLimit = u
	case "advmss":
		m.AdvMSS = u
	case "reordering":
		m.Reordering = u
	case "window":
		m.Window = u
	case "cwnd":
		m.CWnd = u
	case "initcwnd":
		m.InitCwnd = u
	case "initrwnd":
		m.InitRwnd = u
	case "ssthresh":
		m.SSThresh = u
	}
	return nil
}

// parseTimeRTT is ip's get_time_rtt: a number of milliseconds, with an
// optional "s"/"sec"/"secs" or "ms"/"msec"/"msecs", rounded up; raw is
// true when no unit was given (ip then sends the number unscaled).
func parseTimeRTT(s string) (ms uint32, raw, ok bool) {
	// The number ends where strtod or strtoul(base 0) would stop.
	digits := func(c byte) bool { return c >= '0' && c <= '9' }
	start := 0
	if !strings.Contains(s, ".") && len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		start = 2
		digits = func(c byte) bool {
			return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
		}
	}
	end := start
	for end < len(s) && (digits(s[end]) || (s[end] == '.' && start == 0)) {
		end++
	}
	num, unit := s[:end], strings.ToLower(s[end:])
	var t float64
	if strings.Contains(num, ".") {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, false, false
		}
		t = f
	} else {
		n, err := strconv.ParseUint(num, 0, 64)
		if err != nil {
			return 0, false, false
		}
		t = float64(n)
	}
	switch unit {
	case "":
		raw = true
	case "s", "sec", "secs":
		t *= 1000
	case "ms", "msec", "msecs":
	default:
		return 0, false, false
	}
	ms = uint32(t)
	if float64(ms) < t {
		ms++
	}
	return ms, raw, true
}

// routeMetricsText appends print_rta_metrics' text: " mtu lock 1400
// advmss 1360 rtt 10ms ..." in RTAX order.
func appendRouteMetricsText(b []byte, m *netinfo.RouteMetrics) []byte {
	for _, e := range routeMetricEntries(m) {
		b = append(b, ' ')
		b = append(b, e.name...)
		if e.locked {
			b = append(b, " lock"...)
		}
		b = append(b, ' ')
		b = append(b, e.text...)
	}
	return b
}

// routeMetricsJSON adds print_rta_metrics' "metrics": [{...}].
func routeMetricsJSON(o *jsonObject, m *netinfo.RouteMetrics) {
	o.key("metrics")
	o.b = append(o.b, '[')
	mo := beginObject(o.b)
	for _, e := range routeMetricEntries(m) {
		switch {
		case e.name == "features":
			if m.Features&netinfo.RouteFeatureECN != 0 {
				mo.null("ecn")
			}
			if m.Features&^netinfo.RouteFeatureECN != 0 {
				mo.str("features", hex0x(uint64(m.Features)))
			}
		case e.name == "congctl":
			mo.str("congestion", m.CongCtl)
		default:
			mo.uint(e.name, e.value)
		}
	}
	o.b = append(mo.end(), ']')
}

// routeMetricEntry is one metric as ip prints it.
type routeMetricEntry struct {
	name   string
	locked bool
	value  uint64 // the JSON number: milliseconds for the times
	text   string // the text value
}

// routeMetricEntries lists the metrics ip prints, in RTAX order: those
// with a value and those locked without one (as 0).
func routeMetricEntries(m *netinfo.RouteMetrics) []routeMetricEntry {
	var out []routeMetricEntry
	add := func(name string, bit uint, v uint64, text string) {
		locked := m.Locked&(1<<bit) != 0
		if v == 0 && text == "" && !locked {
			return
		}
		if text == "" {
			text = strconv.FormatUint(v, 10)
		}
		out = append(out, routeMetricEntry{name, locked, v, text})
	}
	ms := func(d, unit time.Duration) uint64 {
		// ip divides the kernel's units down to milliseconds.
		return uint64(d/unit) / uint64(time.Millisecond/unit)
	}
	timeText := func(v uint64) string {
		if v >= 1000 {
			return strconv.FormatFloat(float64(v)/1e3, 'g', 6, 64) + "s"
		}
		return strconv.FormatUint(v, 10) + "ms"
	}
	timed := func(name string, bit uint, v uint64) {
		if v != 0 || m.Locked&(1<<bit) != 0 {
			add(name, bit, v, timeText(v))
		}
	}
	add("mtu", linux.RTAX_MTU, uint64(m.MTU), "")
	add("window", linux.RTAX_WINDOW, uint64(m.Window), "")
	timed("rtt", linux.RTAX_RTT, ms(m.RTT, time.Millisecond/8))
	timed("rttvar", linux.RTAX_RTTVAR, ms(m.RTTVar, time.Millisecond/4))
	add("ssthresh", linux.RTAX_SSTHRESH, uint64(m.SSThresh), "")
	add("cwnd", linux.RTAX_CWND, uint64(m.CWnd), "")
	add("advmss", linux.RTAX_ADVMSS, uint64(m.AdvMSS), "")
	add("reordering", linux.RTAX_REORDERING, uint64(m.Reordering), "")
	if m.HopLimit != 0xffffffff { // ip skips a hoplimit of -1
		add("hoplimit", linux.RTAX_HOPLIMIT, uint64(m.HopLimit), "")
	}
	add("initcwnd", linux.RTAX_INITCWND, uint64(m.InitCwnd), "")
	if m.Features != 0 || m.Locked&(1<<linux.RTAX_FEATURES) != 0 {
		var words []string
		if m.Features&netinfo.RouteFeatureECN != 0 {
			words = append(words, "ecn")
		}
		if m.Features&^netinfo.RouteFeatureECN != 0 {
			words = append(words, hex0x(uint64(m.Features)))
		}
		add("features", linux.RTAX_FEATURES, uint64(m.Features), strings.Join(words, " "))
	}
	timed("rto_min", linux.RTAX_RTO_MIN, uint64(m.RTOMin/time.Millisecond))
	add("initrwnd", linux.RTAX_INITRWND, uint64(m.InitRwnd), "")
	add("quickack", linux.RTAX_QUICKACK, uint64(m.QuickAck), "")
	if m.CongCtl != "" {
		add("congctl", linux.RTAX_CC_ALGO, 0, m.CongCtl)
	}
	add("fastopen_no_cookie", linux.RTAX_FASTOPEN_NO_COOKIE, uint64(m.FastOpenNoCookie), "")
	return out
}
