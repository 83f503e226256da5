package backend_bsd

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/rtnlemu"
	"github.com/stretchr/testify/require"
)

// The files testdata/*.hex hold routing messages as each kernel writes
// them, in hex, after comments that cite the header layout. Lines
// starting "# want: " list, in order, what each message translates to
// (see summarize). Set BSD_WRITE_TESTDATA=1 to rewrite them from the
// builders in wire_test.go.

// fixtureClock is the time neighbour expiries are compared with.
func fixtureClock() clock { return clock{Wall: 1_700_000_000, Uptime: 1000} }

// summarize describes what a message translates to, one line each.
func summarize(l layout, m message, now clock) []string {
	var out []string
	if m.If != nil {
		if lm, ok := l.Link(m.If); ok {
			out = append(out, fmt.Sprintf("link %d %s type %d flags %#x mtu %d oper %d addr %s",
				lm.Index, lm.Attributes.Name, lm.Type, lm.Flags, lm.Attributes.MTU, lm.Attributes.OperationalState, lm.Attributes.Address))
		}
	}
	if m.Addr != nil {
		if am, ok := l.Addr(m.Addr, nil); ok {
			out = append(out, fmt.Sprintf("addr %d %s/%d local %s brd %s scope %d flags %#x",
				am.Index, am.Attributes.Address, am.PrefixLength, ipString(am.Attributes.Local), ipString(am.Attributes.Broadcast), am.Scope, am.Attributes.Flags))
		}
	}
	if m.Route != nil {
		if rm, ok := l.Route(m.Route, 0); ok {
			out = append(out, fmt.Sprintf("route %s/%d via %s dev %d type %d proto %d scope %d table %d",
				ipString(rm.Attributes.Dst), rm.DstLength, ipString(rm.Attributes.Gateway), rm.Attributes.OutIface, rm.Type, rm.Protocol, rm.Scope, rm.Attributes.Table))
		}
		if nm, ok := l.Neigh(m.Route, now); ok {
			out = append(out, fmt.Sprintf("neigh %d %s lladdr %s state %#x",
				nm.Index, nm.Attributes.Address, nm.Attributes.LLAddress, nm.State))
		}
	}
	if m.Announce != nil {
		out = append(out, fmt.Sprintf("announce %d %s departure %v", m.Announce.Index, m.Announce.Name, m.Announce.Departure))
	}
	c := l.ChangeOf(m)
	out = append(out, fmt.Sprintf("change kinds %#x overflow %v", uint8(c.Kinds), c.Overflow))
	return out
}

// fixture is one testdata file: a kernel and its messages.
type fixture struct {
	file    string
	o       osKind
	comment string // what the messages are, with the header they follow
	msgs    [][]byte
}

// fixtures builds every testdata file's content.
func fixtures() []fixture {
	var fs []fixture
	for _, o := range allOS() {
		hdr := map[osKind]string{
			osFreeBSD:   "FreeBSD sys/net/route.h struct rt_msghdr (152 bytes on LP64), net/if.h struct if_msghdr + if_data (168), ifa_msghdr (20), if_announcemsghdr (24); sockaddrs rounded to sizeof(long)",
			osOpenBSD:   "OpenBSD sys/net/route.h struct rt_msghdr with rtm_hdrlen/rtm_tableid/rtm_priority (96), net/if.h if_msghdr (168), ifa_msghdr (24), if_announcemsghdr (26); sockaddrs rounded to sizeof(long)",
			osNetBSD:    "NetBSD sys/net/route.h 1.114 struct rt_msghdr (120, 64-bit aligned), net/if.h if_msghdr (152), 8.0 ifa_msghdr (32, RTM_NEWADDR 0x16), if_announcemsghdr (24, RTM_IFANNOUNCE 0x10), RTM_IFINFO 0x14; sockaddrs rounded to 8",
			osDragonFly: "DragonFly sys/net/route.h struct rt_msghdr (152), net/if.h if_msghdr (176), 5.8 ifa_msghdr with ifam_addrflags (24), if_announcemsghdr (24); sockaddrs rounded to sizeof(long)",
			osDarwin:    "xnu bsd/net/route.h struct rt_msghdr (92), bsd/net/if.h if_msghdr (112, no link state), ifa_msghdr (20); sockaddrs rounded to 4 (ROUNDUP32)",
		}[o]
		now := fixtureClock()
		expire := now.Uptime + 60
		if layoutFor(o, 8).ExpireWall {
			expire = now.Wall + 60
		}
		msgs := [][]byte{
			buildIfm(o, ifm{index: 2, flags: 0x8843, addrs: rtaIFP, ift: 6, linkState: linkStateUp(o), mtu: 1500, ipackets: 7, obytes: 900},
				sockaddrs(o, sdl(2, 6, "em0", "02:00:00:00:00:02"))),
			buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaNetmask | rtaIFA | rtaBrd},
				sockaddrs(o, mask4(24), sa4("192.0.2.10"), sa4("192.0.2.255"))),
			buildIfam(o, ifam{typ: newaddrCode(o), index: 2, addrs: rtaNetmask | rtaIFA, addrflags: in6IFFTentative},
				sockaddrs(o, mask6(o, 64), sa6(o, "fe80::2", 2, true))),
			buildRtm(o, rtm{typ: rtmAdd, index: 2, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask},
				sockaddrs(o, sa4("0.0.0.0"), sa4("192.0.2.1"), nil)),
			buildRtm(o, rtm{typ: rtmAdd, index: 2, flags: rtfUp, addrs: rtaDst | rtaGateway | rtaNetmask},
				sockaddrs(o, sa4("192.0.2.0"), sdl(2, 6, "", ""), mask4(24))),
			buildRtm(o, rtm{typ: rtmAdd, flags: rtfUp | rtfGateway | rtfStatic, addrs: rtaDst | rtaGateway | rtaNetmask},
				sockaddrs(o, sa6(o, "::", 0, false), sa6(o, "fe80::1", 2, true), mask6(o, 0))),
			buildRtm(o, rtm{typ: rtmAdd, index: 2, flags: rtfUp | rtfGateway | rtfStatic | rtfBlackhole, addrs: rtaDst | rtaGateway | rtaNetmask},
				sockaddrs(o, sa4("198.18.0.0"), sa4("127.0.0.1"), mask4(15))),
			buildRtm(o, rtm{typ: rtmAdd, flags: rtfUp | rtfHost | rtfLLInfo, addrs: rtaDst | rtaGateway, expire: expire},
				sockaddrs(o, sa4("192.0.2.1"), sdl(2, 6, "", "02:00:00:00:00:01"))),
			buildRtm(o, rtm{typ: rtmDelete, flags: rtfHost | rtfLLInfo, addrs: rtaDst | rtaGateway},
				sockaddrs(o, sa6(o, "fe80::1", 2, true), sdl(2, 6, "", ""))),
		}
		if o != osDarwin {
			msgs = append(msgs, buildAnnounce(o, 5, "tap0", true))
		}
		if o == osOpenBSD {
			desync := make([]byte, 96)
			put(desync, 0, 2, 96)
			desync[2], desync[3] = 5, 0x10
			put(desync, 4, 2, 96)
			msgs = append(msgs, desync)
		}
		fs = append(fs, fixture{
			file: o.String() + "_messages.hex", o: o, msgs: msgs,
			comment: hdr + ".\nIn order: RTM_IFINFO em0; RTM_NEWADDR 192.0.2.10/24 brd; RTM_NEWADDR fe80::2%2/64 (KAME-embedded scope, IN6_IFF_TENTATIVE where the header has ifam_addrflags); RTM_ADD default via 192.0.2.1 with a zero-length netmask; RTM_ADD 192.0.2.0/24 via link#2 with a short netmask; RTM_ADD ::/0 via fe80::1%2 (embedded); RTM_ADD blackhole 198.18.0.0/15; RTM_ADD RTF_LLINFO 192.0.2.1 (expires in 60 s); RTM_DELETE RTF_LLINFO fe80::1%2; RTM_IFANNOUNCE departure (not on Darwin); RTM_DESYNC (OpenBSD).",
		})
	}
	return fs
}

// writeFixture renders a fixture file.
func writeFixture(f fixture) []byte {
	var w bytes.Buffer
	for _, line := range strings.Split(f.comment, "\n") {
		fmt.Fprintf(&w, "# %s\n", line)
	}
	l := layoutFor(f.o, 8)
	for _, b := range f.msgs {
		m, err := l.ParseMessage(b)
		if err != nil {
			panic(err)
		}
		for _, s := range summarize(l, m, fixtureClock()) {
			fmt.Fprintf(&w, "# want: %s\n", s)
		}
		for len(b) > 0 {
			n := min(len(b), 32)
			fmt.Fprintf(&w, "%s\n", hex.EncodeToString(b[:n]))
			b = b[n:]
		}
		w.WriteString("\n")
	}
	return w.Bytes()
}

// readFixture splits a fixture file into messages and wanted lines.
func readFixture(t *testing.T, path string) (msgs [][]byte, want []string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var cur []byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "# want: "):
			want = append(want, strings.TrimPrefix(line, "# want: "))
		case strings.HasPrefix(line, "#"):
		case line == "":
			if len(cur) > 0 {
				msgs, cur = append(msgs, cur), nil
			}
		default:
			b, err := hex.DecodeString(line)
			require.NoError(t, err, line)
			cur = append(cur, b...)
		}
	}
	require.NoError(t, sc.Err())
	if len(cur) > 0 {
		msgs = append(msgs, cur)
	}
	return msgs, want
}

func TestFixtures(t *testing.T) {
	if os.Getenv("BSD_WRITE_TESTDATA") != "" {
		for _, f := range fixtures() {
			require.NoError(t, os.WriteFile(filepath.Join("testdata", f.file), writeFixture(f), 0o644))
			dir := filepath.Join("testdata", "fuzz", "FuzzTranslate")
			require.NoError(t, os.MkdirAll(dir, 0o755))
			for i, b := range f.msgs {
				seed := append([]byte{byte(f.o - 1)}, b...)
				body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", seed)
				require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s_%02d", f.o, i)), []byte(body), 0o644))
			}
		}
	}
	for _, f := range fixtures() {
		t.Run(f.file, func(t *testing.T) {
			msgs, want := readFixture(t, filepath.Join("testdata", f.file))
			require.Equal(t, f.msgs, msgs, "the file matches the builders")
			l := layoutFor(f.o, 8)
			var got []string
			for _, b := range msgs {
				m, err := l.ParseMessage(b)
				require.NoError(t, err)
				got = append(got, summarize(l, m, fixtureClock())...)
			}
			require.Equal(t, want, got)
		})
	}
}

// layoutFromSeed picks a kernel and word size from a fuzz input's first
// byte.
func layoutFromSeed(b byte) layout {
	word := 8
	if b&0x80 != 0 {
		word = 4
	}
	return layoutFor(osKind(b&0x7f%5+1), word)
}

func FuzzTranslate(f *testing.F) {
	for _, fx := range fixtures() {
		for _, b := range fx.msgs {
			f.Add(append([]byte{byte(fx.o - 1)}, b...))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		l := layoutFromSeed(data[0])
		// Without ParseMessage's recover, so that a panic shows.
		msgs, _ := walkMessages(data[1:], l.parseMessage)
		now := fixtureClock()
		var pending rtnlemu.Change
		for _, m := range msgs {
			summarize(l, m, now)
			merge(&pending, l.ChangeOf(m))
			if m.Route != nil {
				if rm, ok := l.Route(m.Route, 0); ok {
					// A translated route must encode back into a request.
					if r, err := l.RouteRequestFromRTNL(&rm, msgDelete); err == nil {
						_, _ = l.MarshalRouteRequest(r)
					}
				}
			}
		}
		l.LinksAndAddrs(msgs, fillFuncs{AddrFlags6: func(string, netip.Addr) (uint32, error) { return 0, nil }, LinkState: func(string) (linkState, bool) { return stateDown, true }})
		l.Routes(msgs, 1)
		l.Neighbors(msgs, now)
	})
}
