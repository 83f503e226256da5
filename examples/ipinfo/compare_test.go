package main

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// This file compares `ipinfo -j X` with `ip -j X`, object by object and
// field by field, and lists every mismatch. It is plain data comparison,
// so it is unit-tested here on any OS; the Linux integration tests feed
// it real output.

// A jsonKey names an object so that the same object can be found in the
// other tool's list whatever the order.
type jsonKey func(map[string]any) string

// keyOf joins the values of fields into a key.
func keyOf(fields ...string) jsonKey {
	return func(o map[string]any) string {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = fmt.Sprint(o[f])
		}
		return strings.Join(parts, "|")
	}
}

var (
	linkKey     = keyOf("ifindex")
	routeKey    = keyOf("type", "dst", "from", "tos", "table", "dev", "gateway", "metric")
	neighKey    = keyOf("dst", "dev")
	ruleKey     = keyOf("priority", "src", "dst", "table")
	addrInfoKey = keyOf("family", "local", "address", "prefixlen")
)

// lifetimeSlack is how far, in seconds, an address lifetime or the time
// left before a route expires may differ between the two reads: both
// count down between them.
const lifetimeSlack = 10

// compareLists matches ours to ip's objects by key (in order among
// objects with the same key) and returns every difference.
func compareLists(what string, ip, ours []map[string]any, key jsonKey) []string {
	var diffs []string
	pending := map[string][]map[string]any{}
	var order []string
	for _, o := range ours {
		k := key(o)
		if _, seen := pending[k]; !seen {
			order = append(order, k)
		}
		pending[k] = append(pending[k], o)
	}
	for _, o := range ip {
		k := key(o)
		mine := pending[k]
		if len(mine) == 0 {
			diffs = append(diffs, fmt.Sprintf("%s %s: printed by ip, missing from ipinfo: %v", what, k, o))
			continue
		}
		pending[k] = mine[1:]
		diffs = append(diffs, compareObjects(what+" "+k, o, mine[0])...)
	}
	for _, k := range order {
		for _, o := range pending[k] {
			diffs = append(diffs, fmt.Sprintf("%s %s: printed by ipinfo, not by ip: %v", what, k, o))
		}
	}
	return diffs
}

// compareObjects compares every field ip prints: ipinfo must print each,
// with the same value.
func compareObjects(path string, ip, ours map[string]any) []string {
	var diffs []string
	keys := make([]string, 0, len(ip))
	for k := range ip {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ov, ok := ours[k]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: field %q: ip prints %v, ipinfo leaves it out", path, k, ip[k]))
			continue
		}
		diffs = append(diffs, compareField(path+"."+k, k, ip[k], ov)...)
	}
	return diffs
}

// compareField compares one field's values, recursing into the nested
// lists ip prints.
func compareField(path, k string, ipv, ourv any) []string {
	switch k {
	case "addr_info":
		return compareLists(path, objects(ipv), objects(ourv), addrInfoKey)
	case "nexthops":
		ipn, ourn := objects(ipv), objects(ourv)
		if len(ipn) != len(ourn) {
			return []string{fmt.Sprintf("%s: ip has %d next hops, ipinfo %d", path, len(ipn), len(ourn))}
		}
		var diffs []string
		for i := range ipn {
			diffs = append(diffs, compareObjects(fmt.Sprintf("%s[%d]", path, i), ipn[i], ourn[i])...)
		}
		return diffs
	case "valid_life_time", "preferred_life_time", "expires":
		a, aok := ipv.(float64)
		b, bok := ourv.(float64)
		if aok && bok && (a == b || (a != math.MaxUint32 && b != math.MaxUint32 && math.Abs(a-b) <= lifetimeSlack)) {
			return nil
		}
	default:
		if reflect.DeepEqual(ipv, ourv) {
			return nil
		}
	}
	return []string{fmt.Sprintf("%s: ip %v, ipinfo %v", path, ipv, ourv)}
}

// objects converts a decoded JSON array of objects.
func objects(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestCompareLists(t *testing.T) {
	ip := []map[string]any{
		{"ifindex": 1.0, "ifname": "lo", "group": "default", "addr_info": []any{
			map[string]any{"family": "inet", "local": "127.0.0.1", "prefixlen": 8.0, "valid_life_time": 100.0},
		}},
		{"ifindex": 2.0, "ifname": "eth0", "mtu": 1500.0},
		{"ifindex": 3.0, "ifname": "gone"},
	}
	same := []map[string]any{
		{"ifindex": 1.0, "ifname": "lo", "group": "default", "extra": true, "addr_info": []any{
			map[string]any{"family": "inet", "local": "127.0.0.1", "prefixlen": 8.0, "valid_life_time": 95.0},
		}},
		{"ifindex": 2.0, "ifname": "eth0", "mtu": 1500.0},
		{"ifindex": 3.0, "ifname": "gone"},
	}
	require.Empty(t, compareLists("link", ip, same, linkKey), "ipinfo-only fields and lifetimes within the slack are fine")

	different := []map[string]any{
		{"ifindex": 1.0, "ifname": "lo", "group": "default", "addr_info": []any{
			map[string]any{"family": "inet", "local": "127.0.0.1", "prefixlen": 8.0, "valid_life_time": 4294967295.0},
		}},
		{"ifindex": 2.0, "ifname": "eth0", "mtu": 1400.0},
		{"ifindex": 4.0, "ifname": "new"},
	}
	diffs := compareLists("link", ip, different, linkKey)
	require.Len(t, diffs, 4, "%s", strings.Join(diffs, "\n"))
	require.Contains(t, diffs[0], "valid_life_time")
	require.Contains(t, diffs[1], "link 2.mtu: ip 1500, ipinfo 1400")
	require.Contains(t, diffs[2], "missing from ipinfo")
	require.Contains(t, diffs[3], "printed by ipinfo, not by ip")

	leftOut := []map[string]any{{"ifindex": 2.0, "ifname": "eth0"}}
	diffs = compareLists("link", ip[1:2], leftOut, linkKey)
	require.Equal(t, []string{`link 2: field "mtu": ip prints 1500, ipinfo leaves it out`}, diffs)

	hops := []map[string]any{{"dst": "x", "nexthops": []any{map[string]any{"weight": 1.0}, map[string]any{"weight": 2.0}}}}
	hops2 := []map[string]any{{"dst": "x", "nexthops": []any{map[string]any{"weight": 1.0}, map[string]any{"weight": 3.0}}}}
	require.Len(t, compareLists("route", hops, hops2, routeKey), 1)
}
