package main

import (
	"context"
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/internal/nstest"
)

// This file compares `ipinfo monitor file FILE` with ip's printing of
// the same file: one rtmon recorded while monitorScript ran, and one of
// messages made here that rtmon cannot record on this kernel (multicast
// routes: the kernel here has no multicast routing; statistics
// messages, whose group rtmon does not join), with malformed ones.

// monitorFileForms are the option sets each file is printed with.
var monitorFileForms = [][]string{
	{}, {"label"}, {"all"}, {"-d"}, {"-o"}, {"-br", "label"}, {"dev", "v0"}, {"label", "dev", "v1"}, {"-t", "label"},
	{"all-nsid", "label"}, {"-s"}, {"-d", "-s", "label"}, {"-4", "label"}, {"-6"}, {"-6", "-t", "label"},
}

// craftedFileForms add -j for the made messages (ipinfo's monitor prints
// links, addresses, routes and neighbours as JSON, ip 6.1's as text;
// both print multicast routes and statistics as text).
var craftedFileForms = append(monitorFileForms, []string{"-j"})

// tsAnywhere is ip's -t stamp (tsLong), which follows a label that
// printed no more.
var tsAnywhere = regexp.MustCompile(`Timestamp: [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \d+ usec`)

// compareMonitorFile prints path with ip and ipinfo in ns with each of
// monitorFileForms: the same exit status, output and complaints.
func compareMonitorFile(t *testing.T, ns *nstest.NS, path string, forms [][]string) {
	t.Helper()
	for _, form := range forms {
		var opts, args []string
		for _, a := range form {
			if strings.HasPrefix(a, "-") {
				opts = append(opts, a)
			} else {
				args = append(args, a)
			}
		}
		line := append(append(append(opts, "monitor"), args...), "file", path)
		t.Run(strings.Join(form, " "), func(t *testing.T) {
			format := func(code int, out, errOut string) string {
				var b strings.Builder
				for l := range strings.SplitSeq(out, "\n") {
					l = tsAnywhere.ReplaceAllString(l, "Timestamp: TIME usec")
					b.WriteString(strings.TrimRight(l, " ") + "\n")
				}
				return "exit " + strconv.Itoa(code) + "\n" + b.String() + "stderr:\n" + errOut
			}
			want, got := format(runIP(t, ns, nil, line...)), format(runOurs(t, ns, line...))
			require.Equal(t, want, got, "ip (left) and ipinfo (right) differ for %q", line)
		})
	}
}

// TestMonitorFileMatchIP records monitorScript with rtmon and prints the
// recording with ip and ipinfo.
func TestMonitorFileMatchIP(t *testing.T) {
	nstest.RequireCommand(t, "rtmon")
	ns := nstest.New(t, "ipmf")
	ns.Batch(t, []string{"link add br0 type bridge", "link add v0 type veth peer name v1"})
	path := filepath.Join(t.TempDir(), "rtmon.log")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	rtmon := ns.Command(ctx, "rtmon", "file", path)
	require.NoError(t, rtmon.Start())
	size := func() int64 {
		if fi, err := os.Stat(path); err == nil {
			return fi.Size()
		}
		return 0
	}
	// rtmon has joined its groups once it has written the link dump.
	require.Eventually(t, func() bool { return size() > 0 }, 5*time.Second, 10*time.Millisecond)
	ns.Batch(t, monitorScript)
	ns.Batch(t, []string{"link add mend type veth peer name mendp", "link del mend"})
	// Done when the file stops growing.
	last := int64(-1)
	require.Eventually(t, func() bool {
		n := size()
		done := n == last
		last = n
		return done
	}, 10*time.Second, 200*time.Millisecond)
	cancel()
	_ = rtmon.Wait()
	out := ns.IP(t, "monitor", "file", path)
	require.Regexp(t, `Deleted \d+: mend@`, out, "the recording ends with the last change")
	compareMonitorFile(t, ns, path, monitorFileForms)
}

// craftedMsg is one netlink message as a file holds it.
func craftedMsg(typ, flags uint16, payload []byte) []byte {
	b := nlmsg.AppendHeader(nil, typ, flags, 0, 0)
	b = append(b, payload...)
	return nlmsg.Pad(nlmsg.Finish(b, 0))
}

// mrouteMsg is a multicast route of family fam (RTNL_FAMILY_IPMR or
// IP6MR), type typ, flags, table, from src to group dst arriving on iif
// (0: none) and leaving on oifs with hops, with counters and an age in
// clock ticks.
func mrouteMsg(del bool, fam, typ byte, flags uint32, table byte, src, dst string, iif uint32, oifs []uint32, hops []byte) []byte {
	p := make([]byte, linux.SizeofRtMsg)
	p[0], p[1], p[4], p[7] = fam, 32, table, typ
	binary.NativeEndian.PutUint32(p[8:], flags)
	if src != "" {
		p = nlmsg.AppendAttr(p, linux.RTA_SRC, netip.MustParseAddr(src).AsSlice())
	}
	if dst != "" {
		p = nlmsg.AppendAttr(p, linux.RTA_DST, netip.MustParseAddr(dst).AsSlice())
	}
	if iif != 0 {
		p = nlmsg.AppendU32(p, linux.RTA_IIF, iif)
	}
	if oifs != nil {
		var mp []byte
		for i, o := range oifs {
			nh := make([]byte, linux.SizeofRtNexthop)
			binary.NativeEndian.PutUint16(nh, linux.SizeofRtNexthop)
			nh[3] = hops[i]
			binary.NativeEndian.PutUint32(nh[4:], o)
			mp = append(mp, nh...)
		}
		p = nlmsg.AppendAttr(p, linux.RTA_MULTIPATH, mp)
	}
	if table > 0 {
		p = nlmsg.AppendU32(p, linux.RTA_TABLE, uint32(table))
	}
	st := binary.NativeEndian.AppendUint64(nil, 12)
	st = binary.NativeEndian.AppendUint64(st, 3400)
	st = binary.NativeEndian.AppendUint64(st, uint64(flags>>16)) // wrong_if
	p = nlmsg.AppendAttr(p, linux.RTA_MFC_STATS, st)
	p = nlmsg.AppendAttr(p, linux.RTA_EXPIRES, binary.NativeEndian.AppendUint64(nil, 1234))
	t := uint16(linux.RTM_NEWROUTE)
	if del {
		t = linux.RTM_DELROUTE
	}
	return craftedMsg(t, 0, p)
}

// statsMsg is an RTM_NEWSTATS message of link idx: its hardware
// statistics state, request and used (-1: no attribute); nest leaves
// out the nests from the outside in (0: all there, 1: no l3_stats,
// 2: no hw_s_info, 3: no offload nest).
func statsMsg(idx uint32, request, used int, nest int) []byte {
	p := make([]byte, linux.SizeofIfStatsMsg)
	binary.NativeEndian.PutUint32(p[4:], idx)
	if nest < 3 {
		var off, info, l3 int
		p, off = nlmsg.BeginNested(p, linux.IFLA_STATS_LINK_OFFLOAD_XSTATS)
		if nest < 2 {
			p, info = nlmsg.BeginNested(p, linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO)
			if nest < 1 {
				p, l3 = nlmsg.BeginNested(p, linux.IFLA_OFFLOAD_XSTATS_L3_STATS)
				if request >= 0 {
					p = nlmsg.AppendU8(p, linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST, uint8(request))
				}
				if used >= 0 {
					p = nlmsg.AppendU8(p, linux.IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED, uint8(used))
				}
				p = nlmsg.EndNested(p, l3)
			}
			p = nlmsg.EndNested(p, info)
		}
		p = nlmsg.EndNested(p, off)
	}
	return craftedMsg(linux.RTM_NEWSTATS, 0, p)
}

// TestMonitorFileCraftedMatchIP prints files of multicast routes,
// statistics messages, timestamps, a cached route, an unknown message
// and malformed endings with ip and ipinfo.
func TestMonitorFileCraftedMatchIP(t *testing.T) {
	ns := nstest.New(t, "ipmc")
	ns.Batch(t, []string{"link add v0 type veth peer name v1", "link add br0 type bridge"})
	idx := map[string]uint32{}
	for _, l := range ns.IPJSON(t, "link") {
		idx[l["ifname"].(string)] = uint32(l["ifindex"].(float64))
	}
	v0, v1, br0 := idx["v0"], idx["v1"], idx["br0"]
	stamp := make([]byte, 8)
	binary.NativeEndian.PutUint32(stamp, 1765000000)
	binary.NativeEndian.PutUint32(stamp[4:], 123456)
	cloned := make([]byte, linux.SizeofRtMsg)
	cloned[0], cloned[7] = linux.RTNL_FAMILY_IPMR, linux.RTN_MULTICAST
	binary.NativeEndian.PutUint32(cloned[8:], linux.RTM_F_CLONED)
	var file []byte
	for _, m := range [][]byte{
		craftedMsg(nlmsgTstamp, 0, stamp),
		mrouteMsg(false, linux.RTNL_FAMILY_IPMR, linux.RTN_MULTICAST, 0, 253, "10.1.0.1", "239.1.1.1", v0, []uint32{v1, br0}, []byte{1, 3}),
		mrouteMsg(false, linux.RTNL_FAMILY_IPMR, linux.RTN_MULTICAST, linux.RTNH_F_UNRESOLVED, 253, "10.1.0.2", "239.1.1.2", 0, nil, nil),
		mrouteMsg(false, linux.RTNL_FAMILY_IPMR, linux.RTN_MULTICAST, linux.RTNH_F_OFFLOAD|5<<16, 254, "", "", v1, []uint32{v0}, []byte{0}),
		mrouteMsg(true, linux.RTNL_FAMILY_IP6MR, linux.RTN_MULTICAST, 0, 254, "2001:db8::1", "ff0e::1", v1, []uint32{v0, 999}, []byte{1, 2}),
		mrouteMsg(false, linux.RTNL_FAMILY_IP6MR, linux.RTN_MULTICAST, 0, 100, "2001:db8::2", "ff0e::2", 999, []uint32{}, nil),
		mrouteMsg(false, linux.RTNL_FAMILY_IPMR, linux.RTN_UNICAST, 0, 253, "10.1.0.3", "239.1.1.3", v0, nil, nil),
		craftedMsg(linux.RTM_NEWROUTE, 0, cloned),
		statsMsg(v0, 1, 0, 0),
		statsMsg(v1, 0, 0, 0),
		statsMsg(br0, 1, -1, 0),
		statsMsg(999, -1, 1, 0),
		statsMsg(v0, 0, 0, 1),
		statsMsg(v0, 0, 0, 2),
		statsMsg(v1, 0, 0, 3),
		statsMsg(v1, 2, 0, 0),
		statsMsg(v0, 1, 7, 0),
		craftedMsg(200, 0x300, []byte{1, 2, 3, 4}),
		craftedMsg(linux.NLMSG_DONE, 0, make([]byte, 4)),
		craftedMsg(nlmsgTstamp, 0, stamp),
	} {
		file = append(file, m...)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	compareMonitorFile(t, ns, write("crafted", file), craftedFileForms)
	short := [][]string{{}}
	compareMonitorFile(t, ns, write("cut-header", file[:len(file)-5]), short)
	compareMonitorFile(t, ns, write("cut-payload", append(append([]byte(nil), file...), craftedMsg(nlmsgTstamp, 0, stamp)[:20]...)), short)
	bad := craftedMsg(nlmsgTstamp, 0, stamp)
	binary.NativeEndian.PutUint32(bad, 8)
	compareMonitorFile(t, ns, write("short-len", append(append([]byte(nil), file...), bad...)), short)
	binary.NativeEndian.PutUint32(bad, 1<<20)
	compareMonitorFile(t, ns, write("long-len", append(append([]byte(nil), file...), bad...)), short)
	compareMonitorFile(t, ns, write("empty", nil), short)
}
