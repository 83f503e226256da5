//go:build linux

package netinfo

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/internal/nstest"
)

var updateLinkAdd = flag.Bool("update-linkadd", false, "rewrite testdata/linkadd from live captures of ip")

// lowerIndex is the index of the lower link kl0 the cases use: the first
// link made in a fresh namespace, after lo.
const lowerIndex = 2

// linkAddCases are `ip link add` commands and the Link that must make
// the same request. Most are kinds this kernel lacks.
var linkAddCases = []struct {
	file string
	args string // after "ip link add"
	link Link
}{
	{"dummy", "name kd0 type dummy", Link{Name: "kd0", Kind: "dummy"}},
	{"dummy-options", "name kd1 up address 02:00:00:00:00:01 broadcast 02:ff:ff:ff:ff:ff txqueuelen 50 mtu 1400 group 3 type dummy",
		Link{Name: "kd1", Kind: "dummy", Flags: LinkUp, HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 1},
			Broadcast: net.HardwareAddr{2, 0xff, 0xff, 0xff, 0xff, 0xff}, TxQueueLen: 50, MTU: 1400, Group: 3}},
	{"ifb", "name kf0 type ifb", Link{Name: "kf0", Kind: "ifb"}},
	{"wireguard", "name kw0 type wireguard", Link{Name: "kw0", Kind: "wireguard"}},
	{"veth", "name kv0 type veth peer name kv1", Link{Name: "kv0", Info: &Veth{PeerName: "kv1"}}},
	{"veth-peer-address", "name kv2 type veth peer address 02:00:00:00:00:09 name kv3",
		Link{Name: "kv2", Info: &Veth{PeerName: "kv3", PeerHardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 9}}}},
	{"veth-master", "name kv4 master kl0 type veth", Link{Name: "kv4", MasterIndex: lowerIndex, Kind: "veth"}},
	{"bridge", "name kb0 type bridge forward_delay 1200 hello_time 300 max_age 2500 ageing_time 20000 stp_state 1 priority 4096 vlan_filtering 1 vlan_protocol 802.1ad vlan_default_pvid 7 group_fwd_mask 8 mcast_snooping 0",
		Link{Name: "kb0", Info: &Bridge{ForwardDelay: ptrTo[uint32](1200), HelloTime: ptrTo[uint32](300), MaxAge: ptrTo[uint32](2500),
			AgeingTime: ptrTo[uint32](20000), STPState: ptrTo[uint32](1), Priority: ptrTo[uint16](4096), VLANFiltering: ptrTo(true),
			VLANProtocol: ptrTo[uint16](0x88a8), DefaultPVID: ptrTo[uint16](7), GroupFwdMask: ptrTo[uint16](8), MulticastSnooping: ptrTo(false)}}},
	{"bridge-plain", "name kb1 type bridge", Link{Name: "kb1", Info: &Bridge{}}},
	{"vlan", "link kl0 name kvl0 type vlan id 5", Link{Name: "kvl0", ParentIndex: lowerIndex, Info: &Vlan{ID: 5}}},
	{"vlan-8021ad", "link kl0 name kvl1 type vlan protocol 802.1ad id 4094",
		Link{Name: "kvl1", ParentIndex: lowerIndex, Info: &Vlan{ID: 4094, Protocol: 0x88a8}}},
	{"macvlan", "link kl0 name kmv0 type macvlan mode bridge", Link{Name: "kmv0", ParentIndex: lowerIndex, Info: &Macvlan{Mode: MacvlanBridge}}},
	{"macvlan-default", "link kl0 name kmv1 type macvlan", Link{Name: "kmv1", ParentIndex: lowerIndex, Info: &Macvlan{}}},
	{"macvtap", "link kl0 name kmt0 type macvtap mode passthru", Link{Name: "kmt0", ParentIndex: lowerIndex, Info: &Macvlan{Tap: true, Mode: MacvlanPassthru}}},
	{"ipvlan", "link kl0 name kiv0 type ipvlan mode l3 private", Link{Name: "kiv0", ParentIndex: lowerIndex, Info: &IPVlan{Mode: IPVlanL3, Flags: IPVlanPrivate}}},
	{"ipvlan-l2", "link kl0 name kiv1 type ipvlan mode l2", Link{Name: "kiv1", ParentIndex: lowerIndex, Info: &IPVlan{}}},
	{"vxlan", "name kx0 type vxlan id 42 dev kl0 ttl 64 local 192.0.2.1 remote 192.0.2.2 nolearning dstport 4789",
		Link{Name: "kx0", Info: &Vxlan{VNI: 42, LinkIndex: lowerIndex, TTL: 64, Local: netip.MustParseAddr("192.0.2.1"),
			Remote: netip.MustParseAddr("192.0.2.2"), NoLearning: true, Port: 4789}}},
	{"vxlan-v6", "name kx1 type vxlan id 7 remote 2001:db8::2 dstport 4789",
		Link{Name: "kx1", Info: &Vxlan{VNI: 7, Remote: netip.MustParseAddr("2001:db8::2"), Port: 4789}}},
	{"bond", "name kbo0 type bond mode active-backup miimon 100",
		Link{Name: "kbo0", Info: &Bond{Mode: ptrTo(BondActiveBackup), MIIMon: ptrTo[uint32](100)}}},
	{"vrf", "name kvr0 type vrf table 10", Link{Name: "kvr0", Info: &VRF{Table: 10}}},
	{"gre", "name kg0 type gre key 7 remote 192.0.2.2 local 192.0.2.1 dev kl0 ttl 64 tos 0x10",
		Link{Name: "kg0", Info: &GRE{IKey: 7, OKey: 7, IFlags: GREKey, OFlags: GREKey, Remote: netip.MustParseAddr("192.0.2.2"),
			Local: netip.MustParseAddr("192.0.2.1"), LinkIndex: lowerIndex, TTL: 64, TOS: 16}}},
	{"gretap", "name kgt0 type gretap remote 192.0.2.2 local 192.0.2.1 nopmtudisc",
		Link{Name: "kgt0", Info: &GRE{Tap: true, Remote: netip.MustParseAddr("192.0.2.2"), Local: netip.MustParseAddr("192.0.2.1"), NoPMTUDisc: true}}},
	{"ipip", "name ki0 type ipip remote 192.0.2.2 local 192.0.2.1 ttl 64 dev kl0",
		Link{Name: "ki0", Info: &IPTunnel{Remote: netip.MustParseAddr("192.0.2.2"), Local: netip.MustParseAddr("192.0.2.1"), TTL: 64, LinkIndex: lowerIndex}}},
	{"sit", "name ks0 type sit remote 192.0.2.2 local 192.0.2.1",
		Link{Name: "ks0", Info: &IPTunnel{SIT: true, Remote: netip.MustParseAddr("192.0.2.2"), Local: netip.MustParseAddr("192.0.2.1")}}},
}

// newLinkRequest is the whole RTM_NEWLINK request AddLink sends for l,
// with sequence number and port id 0.
func newLinkRequest(t *testing.T, l Link) []byte {
	t.Helper()
	kind, err := l.validateNew("link add")
	require.NoError(t, err)
	msg := nlmsg.AppendHeader(nil, linux.RTM_NEWLINK, linux.NLM_F_REQUEST|linux.NLM_F_ACK|linux.NLM_F_CREATE|linux.NLM_F_EXCL, 0, 0)
	return nlmsg.Finish(appendNewLink(msg, &l, kind, l.Info), 0)
}

// TestLinkAddRequestBytes requires rtnlx's create requests to equal, byte
// for byte, what iproute2 sent for the same `ip link add` (sequence
// number and port id zeroed): the captures kept in testdata/linkadd,
// and, where strace, ip and root are at hand, a live capture.
func TestLinkAddRequestBytes(t *testing.T) {
	for _, tc := range linkAddCases {
		t.Run(tc.file, func(t *testing.T) {
			cmd, want := readLinkAddCapture(t, tc.file)
			require.Equal(t, "ip link add "+tc.args, cmd, "the capture is of this command")
			require.Equal(t, hex.Dump(want), hex.Dump(newLinkRequest(t, tc.link)))
		})
	}
}

// TestLinkAddRequestBytesLive captures what the installed ip sends for
// each case, with strace in a fresh namespace, and compares. The kernel
// may refuse the kind (EOPNOTSUPP): the request was sent all the same.
func TestLinkAddRequestBytesLive(t *testing.T) {
	nstest.RequireCommand(t, "strace")
	ns := nstest.New(t, "rtnb")
	ns.IP(t, "link", "add", "kl0", "type", "ifb")
	idx := ns.IPJSON(t, "link", "show", "dev", "kl0")[0]["ifindex"]
	require.EqualValues(t, lowerIndex, idx, "the lower link's index, which the captures hold")
	for _, tc := range linkAddCases {
		t.Run(tc.file, func(t *testing.T) {
			got := captureLinkAdd(t, ns, tc.args)
			if *updateLinkAdd {
				writeLinkAddCapture(t, tc.file, "ip link add "+tc.args, got)
			}
			require.Equal(t, hex.Dump(got), hex.Dump(newLinkRequest(t, tc.link)))
		})
	}
}

// captureLinkAdd runs `ip -n NS link add ARGS` under strace and returns
// its RTM_NEWLINK create request, sequence number and port id zeroed.
func captureLinkAdd(t *testing.T, ns *nstest.NS, args string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "strace.txt")
	argv := append([]string{"-qq", "-e", "trace=sendmsg", "-e", "write=all", "-o", out, "ip", "-n", ns.Name, "link", "add"}, strings.Fields(args)...)
	// ip fails for the kinds the kernel lacks; only the request matters.
	_ = exec.Command("strace", argv...).Run()
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	var bufs [][]byte
	var cur []byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, " * "):
			if cur != nil {
				bufs = append(bufs, cur)
			}
			cur = []byte{}
		case strings.HasPrefix(line, " | ") && len(line) > 60 && cur != nil:
			// " | 00000  38 00 00 00 ... 00  8.......... |"
			for _, w := range strings.Fields(line[10:58]) {
				b, err := hex.DecodeString(w)
				require.NoError(t, err, line)
				cur = append(cur, b...)
			}
		}
	}
	if cur != nil {
		bufs = append(bufs, cur)
	}
	for _, b := range bufs {
		h, _, _, ok := nlmsg.Next(b)
		if ok && h.Type == linux.RTM_NEWLINK && h.Flags&linux.NLM_F_CREATE != 0 {
			binary.NativeEndian.PutUint32(b[8:], 0)
			binary.NativeEndian.PutUint32(b[12:], 0)
			return b[:h.Len]
		}
	}
	raw, _ := os.ReadFile(out)
	t.Fatalf("no RTM_NEWLINK create request in the capture of ip link add %s:\n%s", args, raw)
	return nil
}

// A capture file holds the command on its first line after "# ", then
// the request as hex, 16 bytes a line.
func readLinkAddCapture(t *testing.T, file string) (string, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "linkadd", file+".hex"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.True(t, strings.HasPrefix(lines[0], "# "))
	var b []byte
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "#") {
			continue
		}
		v, err := hex.DecodeString(strings.ReplaceAll(l, " ", ""))
		require.NoError(t, err)
		b = append(b, v...)
	}
	return strings.TrimPrefix(lines[0], "# "), b
}

func writeLinkAddCapture(t *testing.T, file, cmd string, b []byte) {
	t.Helper()
	var out bytes.Buffer
	fmt.Fprintf(&out, "# %s\n", cmd)
	out.WriteString("# captured with strace -e trace=sendmsg -e write=all in a fresh namespace after\n")
	out.WriteString("# `ip link add kl0 type ifb` (index 2); sequence number and port id zeroed\n")
	for i := 0; i < len(b); i += 16 {
		out.WriteString(hex.EncodeToString(b[i:min(i+16, len(b))]))
		out.WriteByte('\n')
	}
	dir := filepath.Join("testdata", "linkadd")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, file+".hex"), out.Bytes(), 0o644))
}
