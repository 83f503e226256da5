package backend_bsd

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// xrefPairs are the GOOS/GOARCH pairs x/sys generates routing types for.
var xrefPairs = []struct{ goos, goarch string }{
	{"freebsd", "386"}, {"freebsd", "amd64"}, {"freebsd", "arm"}, {"freebsd", "arm64"}, {"freebsd", "riscv64"},
	{"openbsd", "386"}, {"openbsd", "amd64"}, {"openbsd", "arm"}, {"openbsd", "arm64"},
	{"openbsd", "mips64"}, {"openbsd", "ppc64"}, {"openbsd", "riscv64"},
	{"netbsd", "386"}, {"netbsd", "amd64"}, {"netbsd", "arm"}, {"netbsd", "arm64"},
	{"dragonfly", "amd64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
}

// xrefKernel lists the items where x/sys's generated value is not what
// current kernels use, with the kernel header that says so. The check
// requires x/sys to still say what is written here (so that the entry
// goes when x/sys is regenerated) and backend_bsd to use the kernel's
// value; each counts as a checked item.
var xrefKernel = map[string]struct {
	xsys, kernel int64
	why          string
}{
	// x/sys was generated from NetBSD 7. NetBSD 8.0's sys/net/route.h
	// (1.114) renamed the codes of the old ifa_msghdr RTM_O* and gave
	// RTM_NEWADDR, RTM_DELADDR and RTM_CHGADDR new numbers.
	"netbsd:RTM_NEWADDR": {0xc, 0x16, "NetBSD 8.0 sys/net/route.h 1.114: RTM_NEWADDR 0x16 (0xc is RTM_ONEWADDR)"},
	"netbsd:RTM_DELADDR": {0xd, 0x17, "NetBSD 8.0 sys/net/route.h 1.114: RTM_DELADDR 0x17 (0xd is RTM_ODELADDR)"},
	"netbsd:RTM_CHGADDR": {0x15, 0x18, "NetBSD 8.0 sys/net/route.h 1.114: RTM_CHGADDR 0x18 (0x15 is RTM_OCHGADDR)"},
	// x/sys has FreeBSD 9's number, which FreeBSD 10 renamed
	// OSIOCAIFADDR (struct oifaliasreq, 64 bytes; FreeBSD 11's
	// sys/sockio.h comments it out) when struct ifaliasreq gained
	// ifra_vhid: SIOCAIFADDR is _IOW('i', 43, struct ifaliasreq), 68 bytes.
	"freebsd:SIOCAIFADDR": {0x8040691a, 0x8044692b, "FreeBSD 10+ sys/sys/sockio.h: SIOCAIFADDR _IOW('i', 43, struct ifaliasreq)"},
	// x/sys lacks these (-1): NetBSD 8.0 added them.
	"netbsd:RTF_LOCAL":     {-1, 0x40000, "NetBSD 8.0 sys/net/route.h 1.114: RTF_LOCAL 0x40000"},
	"netbsd:RTF_BROADCAST": {-1, 0x80000, "NetBSD 8.0 sys/net/route.h 1.114: RTF_BROADCAST 0x80000"},
}

// xrefCheck counts and compares the items of one pair.
type xrefCheck struct {
	t        *testing.T
	pair     string
	goos     string
	n        int
	kernel   int
	syscall  int
	noRef    []string
	failures int
}

// eq compares backend_bsd's value with the reference's.
func (c *xrefCheck) eq(item string, backend, ref int64, refName string) {
	c.t.Helper()
	c.n++
	if k, ok := xrefKernel[c.goos+":"+item]; ok && refName == "x/sys" {
		c.kernel++
		if ref != k.xsys {
			c.failures++
			c.t.Errorf("%s %s: x/sys now says %#x, not the stale %#x xrefKernel records; check it against the kernel (%s)", c.pair, item, ref, k.xsys, k.why)
		}
		ref, refName = k.kernel, "kernel header ("+k.why+")"
	}
	if backend != ref {
		c.failures++
		c.t.Errorf("%s %s: backend_bsd %#x (%d), %s %#x (%d)", c.pair, item, backend, backend, refName, ref, ref)
	}
}

// konst compares with an x/sys constant. Where x/sys lacks it, a
// kernel header recorded in xrefKernel or the syscall package's
// generated table of the same GOOS/GOARCH (frozen, but made from the
// same kernels' headers) is the reference; an item none has is listed,
// not counted.
func (c *xrefCheck) konst(x *xsys, name string, backend int64) {
	c.t.Helper()
	if ref, ok := x.konst(name); ok {
		c.eq(name, backend, ref, "x/sys")
	} else if k, ok := xrefKernel[c.goos+":"+name]; ok && k.xsys == -1 {
		c.kernel++
		c.eq(name, backend, k.kernel, "kernel header ("+k.why+")")
	} else if ref, ok := x.syscall[name]; ok {
		c.syscall++
		c.eq(name, backend, ref, "syscall")
	} else {
		c.noRef = append(c.noRef, name)
	}
}

// field compares a field's offset (and, when backendSize is not 0, its
// size) with x/sys's struct. An offset of -1 says the backend holds the
// kernel has no such field; it agrees when x/sys's struct has none.
func (c *xrefCheck) field(x *xsys, typ, path string, backendOff, backendSize int) {
	c.t.Helper()
	if _, ok := x.sizeof(typ); !ok {
		c.noRef = append(c.noRef, typ+"."+path)
		return
	}
	off, size, ok := x.field(typ, path)
	if !ok {
		off, size = -1, 0
	}
	c.eq(typ+"."+path+" offset", int64(backendOff), off, "x/sys")
	if backendSize != 0 && ok {
		c.eq(typ+"."+path+" size", int64(backendSize), size, "x/sys")
	}
}

// size compares a struct's size.
func (c *xrefCheck) size(x *xsys, typ string, backend int) {
	c.t.Helper()
	if ref, ok := x.sizeof(typ); ok {
		c.eq("sizeof "+typ, int64(backend), ref, "x/sys")
	} else {
		c.noRef = append(c.noRef, "sizeof "+typ)
	}
}

// TestCrossCheckXSysXNet proves backend_bsd's layouts, codes and
// constants for every BSD and Darwin GOOS/GOARCH against x/sys's and
// x/net's generated tables.
func TestCrossCheckXSysXNet(t *testing.T) {
	sysDir, netDir := xrefModules(t)
	total, kernel, viaSyscall := 0, 0, 0
	for _, p := range xrefPairs {
		pair := p.goos + "/" + p.goarch
		x, err := loadXsys(sysDir, p.goos, p.goarch)
		if err != nil {
			t.Errorf("%s: x/sys: %v", pair, err)
			continue
		}
		ptr, _ := x.konst("SizeofPtr")
		xn, err := loadXnet(netDir, p.goos, p.goarch, int(ptr))
		if err != nil {
			t.Errorf("%s: x/net: %v", pair, err)
			continue
		}
		o, _ := osFromGOOS(p.goos)
		c := &xrefCheck{t: t, pair: pair, goos: p.goos}
		xrefCheckPair(c, x, xn, layoutForArch(o, p.goarch))
		sort.Strings(c.noRef)
		t.Logf("%-17s %4d items, %d disagree (%d by kernel headers, %d by package syscall where x/sys has none); no reference: %s",
			pair, c.n, c.failures, c.kernel, c.syscall, strings.Join(c.noRef, " "))
		total += c.n
		kernel += c.kernel
		viaSyscall += c.syscall
	}
	t.Logf("total: %d items over %d GOOS/GOARCH pairs (%d by kernel headers where x/sys is stale or silent, %d by package syscall)",
		total, len(xrefPairs), kernel, viaSyscall)
}

// xrefCheckPair runs every comparison for one GOOS/GOARCH.
func xrefCheckPair(c *xrefCheck, x *xsys, xn *xnet, l layout) {
	o := l.OS
	// Address families, the word size, the version.
	c.konst(x, "AF_UNSPEC", afUnspec)
	c.konst(x, "AF_INET", afInet)
	c.konst(x, "AF_LINK", afLink)
	c.konst(x, "AF_INET6", int64(l.AFInet6))
	c.konst(x, "RTM_VERSION", int64(l.Version))
	c.konst(x, "SizeofLong", int64(l.WordSize))
	c.konst(x, "CTL_NET", ctlNet)
	c.konst(x, "NET_RT_DUMP", netRTDump)
	c.konst(x, "NET_RT_FLAGS", netRTFlags)
	c.konst(x, "NET_RT_IFLIST", int64(netRTIfList(o)))
	c.konst(x, "IFAN_DEPARTURE", ifanDeparture)

	// Message codes: each code x/sys names is checked for the type and
	// header format the backend gives it.
	for _, m := range xrefMsgCodes(o) {
		code, ok := x.konst(m.name)
		if !ok {
			c.noRef = append(c.noRef, m.name)
			continue
		}
		if k, ok := xrefKernel[c.goos+":"+m.name]; ok && k.xsys == code {
			code = k.kernel
			c.kernel++
		}
		typ, format := l.msgType(uint8(code))
		c.eq(m.name+" type", int64(typ), int64(m.typ), "x/sys name")
		c.eq(m.name+" format", int64(format), int64(m.format), "x/sys name")
	}
	for t, name := range map[msgKind]string{msgAdd: "RTM_ADD", msgDelete: "RTM_DELETE", msgChange: "RTM_CHANGE", msgGet: "RTM_GET"} {
		if v, ok := x.konst(name); ok {
			c.eq(name+" request code", int64(l.msgCode(t)), v, "x/sys")
		}
	}

	// RTA_* bits and RTAX_* indexes.
	for i, name := range []string{"DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD"} {
		rax := []int{raxDst, raxGateway, raxNetmask, raxGenmask, raxIFP, raxIFA, raxAuthor, raxBrd}[i]
		c.konst(x, "RTAX_"+name, int64(rax))
		c.konst(x, "RTA_"+name, int64(1)<<rax)
	}
	if v, ok := x.konst("RTAX_MAX"); ok {
		c.eq("RTAX_MAX within the walk", min(int64(raxMax), v), v, "x/sys")
	}

	// RTF_* flags: every bit the backend maps, under each kernel's name.
	for _, f := range xrefRouteFlags(o) {
		c.konst(x, f.name, int64(l.rawRouteFlags(f.flag)))
	}
	c.konst(x, "RTF_LLINFO", rtfLLInfo)

	// IFF_* flags.
	for _, f := range []struct {
		name string
		v    int64
	}{
		{"IFF_UP", iffUp}, {"IFF_BROADCAST", iffBroadcast}, {"IFF_DEBUG", iffDebug},
		{"IFF_LOOPBACK", iffLoopback}, {"IFF_POINTOPOINT", iffPointToPt}, {"IFF_RUNNING", iffRunning},
		{"IFF_NOARP", iffNoARP}, {"IFF_PROMISC", iffPromisc}, {"IFF_ALLMULTI", iffAllMulti},
		{"IFF_MULTICAST", iffMulticast},
	} {
		c.konst(x, f.name, f.v)
	}
	if o == osFreeBSD || o == osDragonFly {
		c.konst(x, "IFF_PPROMISC", iffPPromiscFBS)
	}

	// IFT_* interface types.
	for _, it := range l.iftTypes() {
		c.konst(x, "IFT_"+it.name, int64(it.code))
	}

	// Interface ioctls.
	io := l.Ioctls()
	for _, r := range []struct {
		name string
		v    uint32
	}{
		{"SIOCSIFFLAGS", io.SetFlags}, {"SIOCGIFFLAGS", io.GetFlags}, {"SIOCSIFMTU", io.SetMTU},
		{"SIOCAIFADDR", io.AddAddr}, {"SIOCDIFADDR", io.DelAddr}, {"SIOCGIFMEDIA", io.GetMedia},
		{"SIOCAIFADDR_IN6", io.AddAddr6}, {"SIOCDIFADDR_IN6", io.DelAddr6}, {"SIOCGIFAFLAG_IN6", io.GetAddrFlags6},
	} {
		c.konst(x, r.name, int64(r.v))
	}

	// Sockaddrs.
	c.konst(x, "SizeofSockaddrInet4", sinLen)
	c.konst(x, "SizeofSockaddrInet6", sin6Len)
	c.field(x, "RawSockaddrInet4", "Addr", sinAddrOff, 4)
	c.field(x, "RawSockaddrInet6", "Addr", sin6AddrOff, 16)
	c.field(x, "RawSockaddrInet6", "Scope_id", sin6ScopeOff, 4)
	c.field(x, "RawSockaddrDatalink", "Index", sdlIndexOff, 2)
	c.field(x, "RawSockaddrDatalink", "Type", sdlTypeOff, 1)
	c.field(x, "RawSockaddrDatalink", "Nlen", sdlNlenOff, 1)
	c.field(x, "RawSockaddrDatalink", "Alen", sdlAlenOff, 1)
	c.field(x, "RawSockaddrDatalink", "Data", sdlDataOff, 0)

	// struct rt_msghdr.
	rt := l.rtHeader()
	c.size(x, "RtMsghdr", rt.size)
	c.field(x, "RtMsghdr", "Hdrlen", rt.hdrlen, 0)
	c.field(x, "RtMsghdr", "Index", rt.index, 2)
	c.field(x, "RtMsghdr", "Flags", rt.flags, 4)
	c.field(x, "RtMsghdr", "Addrs", rt.addrs, 4)
	c.field(x, "RtMsghdr", "Pid", rt.pid, 4)
	c.field(x, "RtMsghdr", "Seq", rt.seq, 4)
	c.field(x, "RtMsghdr", "Errno", rt.errno, 4)
	c.field(x, "RtMsghdr", "Tableid", rt.table, 0)
	c.field(x, "RtMsghdr", "Priority", rt.priority, 0)
	c.field(x, "RtMsghdr", "Rmx.Mtu", rt.mtu, rt.mtuSize)
	c.field(x, "RtMsghdr", "Rmx.Expire", rt.expire, rt.expireSize)

	// struct if_msghdr and its if_data. FreeBSD's x/sys keeps the pre-11
	// layout under the exported names and the current one lower-case.
	ifm, ifd := "IfMsghdr", "IfData"
	if o == osFreeBSD {
		ifm, ifd = "ifMsghdr", "ifData"
	}
	h := l.ifHeader()
	c.size(x, ifm, h.size)
	c.field(x, ifm, "Hdrlen", h.hdrlen, 0)
	c.field(x, ifm, "Index", h.index, 2)
	c.field(x, ifm, "Tableid", h.table, 0)
	c.field(x, ifm, "Addrs", h.addrs, 4)
	c.field(x, ifm, "Flags", h.flags, 4)
	c.field(x, ifm, "Data", h.data, 0)
	c.field(x, ifd, "Datalen", h.datalen, 0)
	c.field(x, ifd, "Type", h.typ, 1)
	c.field(x, ifd, "Addrlen", h.addrlen, 1)
	c.field(x, ifd, "Link_state", h.linkState, h.linkStateSize)
	c.field(x, ifd, "Mtu", h.mtu, h.mtuSize)
	c.field(x, ifd, "Metric", h.metric, h.metricSize)
	for i, name := range ifCounterNames {
		off := h.counters + i*h.counterSize
		c.field(x, ifd, name, off, h.counterSize)
	}
	c.field(x, ifd, "Oqdrops", h.oqdrops, h.counterSize)
	c.field(x, ifd, "Noproto", h.noproto, h.counterSize)

	// struct ifa_msghdr: the format x/sys's RTM_NEWADDR uses.
	newaddr, _ := x.konst("RTM_NEWADDR")
	_, format := l.msgType(uint8(newaddr))
	a := l.ifaHeader(format, l.Version)
	c.size(x, "IfaMsghdr", a.size)
	c.field(x, "IfaMsghdr", "Hdrlen", a.hdrlen, 0)
	c.field(x, "IfaMsghdr", "Index", a.index, 2)
	c.field(x, "IfaMsghdr", "Tableid", a.table, 0)
	c.field(x, "IfaMsghdr", "Addrs", a.addrs, 4)
	c.field(x, "IfaMsghdr", "Flags", a.flags, 4)
	c.field(x, "IfaMsghdr", "Metric", a.metric, 4)
	c.field(x, "IfaMsghdr", "Addrflags", a.addrflags, 0)

	// struct if_announcemsghdr.
	if o != osDarwin {
		an := l.annHeader()
		c.size(x, "IfAnnounceMsghdr", an.size)
		c.field(x, "IfAnnounceMsghdr", "Hdrlen", an.hdrlen, 0)
		c.field(x, "IfAnnounceMsghdr", "Index", an.index, 2)
		c.field(x, "IfAnnounceMsghdr", "Name", an.name, ifNameSize)
		c.field(x, "IfAnnounceMsghdr", "What", an.what, 2)
	}

	// x/net/route: the sockaddr rounding and, for each message code it
	// parses, the header it expects and that header's size.
	c.eq("x/net kernelAlign", int64(l.SockaddrAlign), int64(xn.align), "x/net")
	for n := 0; n <= 255; n++ {
		want := xn.align
		if n > 0 {
			want = (n + xn.align - 1) &^ (xn.align - 1)
		}
		if got := l.roundup(n); got != want {
			c.eq(fmt.Sprintf("roundup(%d)", n), int64(got), int64(want), "x/net's rule")
		}
	}
	c.n++ // roundup over every sa_len 0..255
	for _, name := range sortedKeys(xn.formats) {
		f := xn.formats[name]
		code, ok := x.konst(name)
		if !ok {
			c.noRef = append(c.noRef, "x/net "+name)
			continue
		}
		typ, format := l.msgType(uint8(code))
		if typ == msgDesync && format == formatNone {
			// OpenBSD's RTM_DESYNC is a bare rt_msghdr; the backend
			// acts on its type alone and reads no header.
			format = formatRoute
		}
		c.eq("x/net "+name+" header", int64(format), int64(xnetFormat(f.kind, o)), "x/net")
		if f.bodyOff < 0 || format == formatNone {
			continue // OpenBSD: read from the header's own length
		}
		var size int
		switch format {
		case formatRoute:
			size = rt.size
		case formatIf:
			size = h.size
		case formatAddr, formatAddrOld:
			size = l.ifaHeader(format, l.Version).size
		case formatAnnounce:
			size = l.annHeader().size
		}
		c.eq("x/net "+name+" header size", int64(size), f.bodyOff, "x/net")
	}
	if v, ok := xn.consts["sizeofSockaddrInet6"]; ok {
		c.eq("x/net sizeofSockaddrInet6", sin6Len, v, "x/net")
	}
}

// xnetFormat maps x/net's wireFormat variable to the backend's format.
func xnetFormat(kind string, o osKind) msgFormat {
	switch kind {
	case "rtm":
		return formatRoute
	case "ifm":
		return formatIf
	case "rtm2", "ifm2", "ifmam", "ifmam2":
		// Multicast memberships, and Darwin's RTM_GET2 and RTM_IFINFO2
		// (sent only for NET_RT_DUMP2 and NET_RT_IFLIST2, which the
		// backend does not ask for): the backend skips these.
		return formatNone
	case "ifam":
		if o == osNetBSD {
			return formatAddrOld // x/net knows NetBSD 7's codes only
		}
		return formatAddr
	case "ifanm":
		return formatAnnounce
	}
	return formatNone
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// xrefMsg is a message code's name and what the backend must make of it.
type xrefMsg struct {
	name   string
	typ    msgKind
	format msgFormat
}

// xrefMsgCodes lists, per kernel, the RTM_* names and their meaning.
func xrefMsgCodes(o osKind) []xrefMsg {
	ms := []xrefMsg{
		{"RTM_ADD", msgAdd, formatRoute}, {"RTM_DELETE", msgDelete, formatRoute},
		{"RTM_CHANGE", msgChange, formatRoute}, {"RTM_GET", msgGet, formatRoute},
		{"RTM_LOSING", msgMiss, formatRoute}, {"RTM_REDIRECT", msgMiss, formatRoute},
		{"RTM_MISS", msgMiss, formatRoute},
		{"RTM_NEWADDR", msgNewAddr, formatAddr}, {"RTM_DELADDR", msgDelAddr, formatAddr},
		{"RTM_IFINFO", msgIfInfo, formatIf},
	}
	if o != osNetBSD {
		// NetBSD 8 withdrew RTM_RESOLVE (route.h 1.114 comments it out).
		ms = append(ms, xrefMsg{"RTM_RESOLVE", msgMiss, formatRoute})
	}
	if o == osOpenBSD {
		ms = append(ms, xrefMsg{"RTM_DESYNC", msgDesync, formatNone}, xrefMsg{"RTM_CHGADDRATTR", msgChgAddr, formatAddr})
	} else {
		ms = append(ms, xrefMsg{"RTM_LOCK", msgMiss, formatRoute})
	}
	if o != osDarwin {
		ms = append(ms, xrefMsg{"RTM_IFANNOUNCE", msgIfAnnounce, formatAnnounce})
	}
	if o == osNetBSD {
		ms = append(ms, xrefMsg{"RTM_CHGADDR", msgChgAddr, formatAddr}, xrefMsg{"RTM_LLINFO_UPD", msgLLInfoUpd, formatNone},
			xrefMsg{"RTM_OLDADD", msgOther, formatNone}, xrefMsg{"RTM_OLDDEL", msgOther, formatNone},
			xrefMsg{"RTM_OOIFINFO", msgOther, formatNone}, xrefMsg{"RTM_OIFINFO", msgOther, formatNone})
	}
	if o == osDarwin || o == osFreeBSD || o == osDragonFly {
		ms = append(ms, xrefMsg{"RTM_NEWMADDR", msgOther, formatNone}, xrefMsg{"RTM_DELMADDR", msgOther, formatNone})
	}
	if o == osDarwin {
		ms = append(ms, xrefMsg{"RTM_IFINFO2", msgOther, formatNone}, xrefMsg{"RTM_NEWMADDR2", msgOther, formatNone},
			xrefMsg{"RTM_GET2", msgOther, formatNone})
	}
	return ms
}

// xrefRouteFlags names the RTF_* bit of each RouteFlags per kernel.
func xrefRouteFlags(o osKind) []struct {
	name string
	flag routeFlags
} {
	type nf = struct {
		name string
		flag routeFlags
	}
	fs := []nf{
		{"RTF_UP", routeUp}, {"RTF_GATEWAY", routeGateway}, {"RTF_HOST", routeHost},
		{"RTF_REJECT", routeReject}, {"RTF_DYNAMIC", routeDynamic}, {"RTF_STATIC", routeStatic},
		{"RTF_BLACKHOLE", routeBlackhole}, {"RTF_LOCAL", routeLocal}, {"RTF_BROADCAST", routeBroadcast},
	}
	if o != osNetBSD {
		fs = append(fs, nf{"RTF_MULTICAST", routeMulticast})
	}
	switch o {
	case osOpenBSD, osNetBSD:
		fs = append(fs, nf{"RTF_CLONED", routeCloned})
	case osDarwin, osDragonFly:
		fs = append(fs, nf{"RTF_WASCLONED", routeCloned})
	}
	if o == osDarwin {
		fs = append(fs, nf{"RTF_ROUTER", routeRouter})
	}
	return fs
}

// ifCounterNames are x/sys's if_data fields of the ten counters that
// parseIf reads in order from ifHeader.counters.
var ifCounterNames = []string{"Ipackets", "Ierrors", "Opackets", "Oerrors", "Collisions",
	"Ibytes", "Obytes", "Imcasts", "Omcasts", "Iqdrops"}

// TestNetBSD8IfaMsghdr checks the ifa_msghdr of NetBSD 8.0 and later,
// which x/sys (generated from NetBSD 7) does not have, against NetBSD's
// sys/net/if.h: { u_short ifam_msglen __align64; u_char ifam_version,
// ifam_type; u_short ifam_index; int ifam_flags, ifam_addrs; pid_t
// ifam_pid; int ifam_addrflags, ifam_metric; }, 32 bytes once aligned
// to 64 bits.
func TestNetBSD8IfaMsghdr(t *testing.T) {
	l := layoutFor(osNetBSD, 8)
	typ, format := l.msgType(0x16) // RTM_NEWADDR, route.h 1.114
	if typ != msgNewAddr || format != formatAddr {
		t.Fatalf("NetBSD RTM_NEWADDR 0x16: type %d format %d", typ, format)
	}
	h := l.ifaHeader(formatAddr, l.Version)
	got := [6]int{h.index, h.flags, h.addrs, h.addrflags, h.metric, h.size}
	want := [6]int{4, 8, 12, 20, 24, 32}
	if got != want {
		t.Errorf("NetBSD 8 ifa_msghdr index, flags, addrs, addrflags, metric, size: backend_bsd %v, net/if.h %v", got, want)
	}
}
