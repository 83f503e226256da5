package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
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

// linkKindAdds are `link add` lines with the options of kinds netinfo
// configures; most of the kinds are missing from this kernel, which
// refuses both tools alike.
var linkKindAdds = []string{
	"name kd0 type dummy",
	"name kw0 type wireguard",
	"name kb0 type bridge forward_delay 1200 hello_time 300 max_age 2500 ageing_time 20000 stp_state 1 priority 4096 vlan_filtering 1 vlan_protocol 802.1ad vlan_default_pvid 7 group_fwd_mask 8 mcast_snooping 0",
	"link kl0 name kvl0 type vlan id 5",
	"link kl0 name kvl1 type vlan protocol 802.1ad id 4094",
	"link kl0 name kmv0 type macvlan mode bridge",
	"link kl0 name kmt0 type macvtap mode passthru",
	"link kl0 name kiv0 type ipvlan mode l3 private",
	"name kx0 type vxlan id 42 dev kl0 ttl 64 local 192.0.2.1 remote 192.0.2.2 nolearning dstport 4789",
	"name kx1 type vxlan id 7 remote 2001:db8::2 dstport 4789",
	"name kbo0 type bond mode active-backup miimon 100",
	"name kvr0 type vrf table 10",
	"name kg0 type gre key 7 remote 192.0.2.2 local 192.0.2.1 dev kl0 ttl 64 tos 0x10",
	"name kgt0 type gretap remote 192.0.2.2 local 192.0.2.1 nopmtudisc",
	"name ki0 type ipip remote 192.0.2.2 local 192.0.2.1 ttl 64 dev kl0",
	"name ks0 type sit remote 192.0.2.2 local 192.0.2.1",
}

// TestLinkAddKindsMatchIP runs each line with ip and with ipinfo, both
// under strace, in twin namespaces: the RTM_NEWLINK create request must
// be the same bytes (sequence number and port id aside), and the
// kernel's answer, exit status and message the same.
func TestLinkAddKindsMatchIP(t *testing.T) {
	nstest.RequireCommand(t, "strace")
	ipNS, ourNS := nstest.New(t, "ipik"), nstest.New(t, "ipil")
	for _, ns := range []*nstest.NS{ipNS, ourNS} {
		ns.IP(t, "link", "add", "kl0", "type", "ifb")
	}
	for _, line := range linkKindAdds {
		t.Run(line, func(t *testing.T) {
			args := append([]string{"link", "add"}, strings.Fields(line)...)
			wantCode, wantErr, want := straceNewLink(t, append([]string{"ip", "-n", ipNS.Name}, args...), nil)
			cmd := []string{os.Args[0], "-test.run=^TestHelperRunIPInfo$"}
			env := helperArgsEnv + "=" + strings.Join(append([]string{"-n", ourNS.Name}, args...), "\n")
			gotCode, gotErr, got := straceNewLink(t, cmd, []string{env})
			require.NotNil(t, want, "ip sent no create request")
			t.Logf("%d bytes; ip: %d %q", len(want), wantCode, wantErr)
			require.Equal(t, hex.Dump(want), hex.Dump(got), "the create requests of ip and ipinfo")
			require.Equal(t, wantCode, gotCode, "exit status; ip said %q, ipinfo %q", wantErr, gotErr)
			require.Equal(t, wantErr, gotErr)
		})
	}
}

// straceNewLink runs argv under strace and returns its exit status, its
// stderr and its RTM_NEWLINK create request (sequence number and port id
// zeroed), nil when it sent none.
func straceNewLink(t *testing.T, argv, env []string) (int, string, []byte) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "strace.txt")
	cmd := exec.CommandContext(t.Context(), "strace", append([]string{"-f", "-qq", "-e", "trace=sendmsg,sendto", "-e", "write=all", "-o", out}, argv...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	// Each syscall line starts a buffer; " | 00000  54 00 ..." lines
	// are the data it sent (or, for sendmsg, of each iovec, " * " first).
	var bufs [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " | ") && len(line) > 60 && len(bufs) > 0 {
			for _, w := range strings.Fields(line[10:58]) {
				b, err := hex.DecodeString(w)
				require.NoError(t, err, line)
				bufs[len(bufs)-1] = append(bufs[len(bufs)-1], b...)
			}
			continue
		}
		if !strings.HasPrefix(line, " * ") {
			bufs = append(bufs, nil)
		}
	}
	for _, b := range bufs {
		h, _, _, ok := nlmsg.Next(b)
		if ok && h.Type == linux.RTM_NEWLINK && h.Flags&linux.NLM_F_CREATE != 0 {
			binary.NativeEndian.PutUint32(b[8:], 0)
			binary.NativeEndian.PutUint32(b[12:], 0)
			return code, stderr.String(), b[:h.Len]
		}
	}
	return code, stderr.String(), nil
}
