//go:build linux

package netinfo_test

import (
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
)

func ptr[T any](v T) *T { return &v }

// ruleCases are rules as ip rule add makes them, and the record rtnlx
// reads back: together they cover every attribute ip sets.
var ruleCases = []struct {
	args string // after "ip rule add"; each case has its own priority
	want netinfo.Rule
}{
	{"pref 100 from 10.0.0.0/8 to 192.168.1.0/24 table 100",
		netinfo.Rule{Priority: 100, Src: netip.MustParsePrefix("10.0.0.0/8"), Dst: netip.MustParsePrefix("192.168.1.0/24"), Table: 100}},
	{"pref 101 from 10.1.2.3 table main",
		netinfo.Rule{Priority: 101, Src: netip.MustParsePrefix("10.1.2.3/32"), Table: netinfo.TableMain}},
	{"pref 102 not fwmark 0x10/0xff iif rtr0 oif rtr1 tos 0x10 lookup 200",
		netinfo.Rule{Priority: 102, Flags: netinfo.RuleInvert, Mark: 0x10, Mask: 0xff, IIf: "rtr0", OIf: "rtr1", TOS: 0x10, Table: 200}},
	{"pref 103 fwmark 7 table 1000",
		netinfo.Rule{Priority: 103, Mark: 7, Mask: 0xffffffff, Table: 1000}},
	{"pref 104 ipproto tcp sport 1000-2000 dport 80 uidrange 100-200 table main protocol static",
		netinfo.Rule{Priority: 104, IPProto: 6, SPort: netinfo.RulePortRange{Start: 1000, End: 2000}, DPort: netinfo.RulePortRange{Start: 80},
			UIDRange: &netinfo.RuleUIDRange{Start: 100, End: 200}, Table: netinfo.TableMain, Protocol: netinfo.ProtoStatic}},
	{"pref 105 suppress_prefixlength 0 suppress_ifgroup 5 table main",
		netinfo.Rule{Priority: 105, SuppressPrefixLen: ptr(0), SuppressIfGroup: ptr(uint32(5)), Table: netinfo.TableMain}},
	{"pref 106 goto 32766", netinfo.Rule{Priority: 106, Action: netinfo.RuleGoto, Goto: 32766}},
	{"pref 107 goto 999", netinfo.Rule{Priority: 107, Action: netinfo.RuleGoto, Goto: 999, Flags: netinfo.RuleUnresolved}},
	{"pref 108 blackhole", netinfo.Rule{Priority: 108, Action: netinfo.RuleBlackhole}},
	{"pref 109 unreachable", netinfo.Rule{Priority: 109, Action: netinfo.RuleUnreachable}},
	{"pref 110 prohibit", netinfo.Rule{Priority: 110, Action: netinfo.RuleProhibit}},
	{"pref 111 nop", netinfo.Rule{Priority: 111, Action: netinfo.RuleNop}},
	{"pref 112 l3mdev", netinfo.Rule{Priority: 112, L3MDev: true}},
	{"pref 113 dsfield 0x08 table 5 realms 3/4",
		netinfo.Rule{Priority: 113, TOS: 0x08, Table: 5, Realms: 3<<16 | 4}},
	{"pref 114 iif rtr0 oif rtr9 uidrange 0-0 ipproto udp dport 53-54 table 7 protocol kernel",
		netinfo.Rule{Priority: 114, IIf: "rtr0", OIf: "rtr9", Flags: netinfo.RuleOIfDetached, UIDRange: &netinfo.RuleUIDRange{},
			IPProto: 17, DPort: netinfo.RulePortRange{Start: 53, End: 54}, Table: 7, Protocol: netinfo.ProtoKernel}},
	{"pref 115 from 5.6.7.8 nat 1.2.3.4",
		netinfo.Rule{Priority: 115, Src: netip.MustParsePrefix("5.6.7.8/32"), Action: netinfo.RuleNAT, Table: netinfo.TableMain}},
	{"-6 pref 200 from 2001:db8::/32 to 2001:db8:1::1 table 300",
		netinfo.Rule{Family: netinfo.FamilyInet6, Priority: 200, Src: netip.MustParsePrefix("2001:db8::/32"), Dst: netip.MustParsePrefix("2001:db8:1::1/128"), Table: 300}},
	{"-6 pref 201 not fwmark 0x1/0x1 sport 22 unreachable",
		netinfo.Rule{Family: netinfo.FamilyInet6, Priority: 201, Flags: netinfo.RuleInvert, Mark: 1, Mask: 1, SPort: netinfo.RulePortRange{Start: 22}, Action: netinfo.RuleUnreachable}},
}

// TestRulesRoundTrip adds each rule with ip and reads it with Rules,
// prints it as ip rule show does, deletes it with DelRule, adds it back
// with AddRule, and requires ip -j to print the same object as for
// ip's own rule: the codec reads and writes every attribute as ip does.
func TestRulesRoundTrip(t *testing.T) {
	ns := nstest.New(t, "rtru")
	ns.IP(t, "link", "add", "rtr0", "type", "veth", "peer", "name", "rtr1")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	ctx := testContext(t)

	for _, c := range ruleCases {
		t.Run(c.args, func(t *testing.T) {
			args := strings.Fields(c.args)
			fam := []string{}
			if args[0] == "-6" {
				fam, args = []string{"-6"}, args[1:]
			}
			want := c.want
			if want.Family == netinfo.FamilyAll {
				want.Family = netinfo.FamilyInet
			}
			if want.Action == netinfo.RuleUnspec {
				want.Action = netinfo.RuleToTable
			}
			prio := fmt.Sprint(want.Priority)
			ipObj := func() map[string]any {
				for _, o := range ns.IPJSON(t, append(fam, "rule", "show")...) {
					if fmt.Sprint(o["priority"]) == prio {
						return o
					}
				}
				return nil
			}
			ns.IP(t, append(fam, append([]string{"rule", "add"}, args...)...)...)
			wantJSON := ipObj()
			require.NotNil(t, wantJSON)

			got := findRule(t, h, want.Family, want.Priority)
			require.NotNil(t, got, "rule %s not in Rules", prio)
			require.Equal(t, want, *got)
			require.Equal(t, ipRuleLine(t, ns, fam, prio), got.String())

			require.NoError(t, h.DelRule(ctx, want))
			require.Nil(t, ipObj(), "DelRule left the rule")
			require.ErrorIs(t, h.DelRule(ctx, want), syscall.ENOENT)

			add := c.want
			add.Flags &= netinfo.RuleInvert // the kernel's own flags are not requests
			require.NoError(t, h.AddRule(ctx, add))
			require.Equal(t, wantJSON, ipObj())
			require.ErrorIs(t, h.AddRule(ctx, add), syscall.EEXIST)
			require.NoError(t, h.DelRule(ctx, netinfo.Rule{Family: want.Family, Priority: want.Priority}))
		})
	}
}

// findRule is the rule of a priority, or nil.
func findRule(t *testing.T, h *netinfo.Handle, f netinfo.Family, prio uint32) *netinfo.Rule {
	t.Helper()
	rules, err := h.Rules(testContext(t), netinfo.RuleFilter{Family: f})
	require.NoError(t, err)
	for _, r := range rules {
		require.Equal(t, f, r.Family)
		if r.Priority == prio {
			return &r
		}
	}
	return nil
}

// ipRuleLine is ip rule show's line for a priority, with the tab after
// the priority made a space.
func ipRuleLine(t *testing.T, ns *nstest.NS, fam []string, prio string) string {
	t.Helper()
	for _, l := range strings.Split(ns.IP(t, append(fam, "rule", "show")...), "\n") {
		if strings.HasPrefix(l, prio+":\t") {
			return strings.TrimSpace(strings.Replace(l, "\t", " ", 1))
		}
	}
	t.Fatalf("no rule %s in ip rule show", prio)
	return ""
}

// TestRulesDefault checks the three rules every namespace starts with.
func TestRulesDefault(t *testing.T) {
	ns := nstest.New(t, "rtrd")
	h, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	require.NoError(t, err)
	defer h.Close()
	rules, err := h.Rules(testContext(t), netinfo.RuleFilter{Family: netinfo.FamilyInet})
	require.NoError(t, err)
	var lines []string
	for _, r := range rules {
		lines = append(lines, r.String())
	}
	want := strings.TrimSpace(strings.ReplaceAll(ns.IP(t, "rule", "show"), ":\t", ": "))
	require.Equal(t, want, strings.Join(lines, "\n"))
}
