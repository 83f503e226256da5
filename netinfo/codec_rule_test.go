package netinfo

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRuleCodecRoundTrip encodes rules as requests and decodes them as
// records; the kernel's own answers are checked in rule_linux_test.go.
func TestRuleCodecRoundTrip(t *testing.T) {
	zero := 0
	group := uint32(5)
	for _, r := range []Rule{
		{Family: FamilyInet, Action: RuleToTable, Table: TableMain},
		{Family: FamilyInet, Priority: 7, Action: RuleToTable, Table: 70000, Src: netip.MustParsePrefix("10.0.0.0/8"),
			Dst: netip.MustParsePrefix("10.1.0.0/16"), TOS: 0x10, Mark: 1, Mask: 3, IIf: "a", OIf: "b", Realms: 0x30004,
			SuppressPrefixLen: &zero, SuppressIfGroup: &group, UIDRange: &RuleUIDRange{1, 2}, Protocol: ProtoStatic,
			IPProto: 6, SPort: RulePortRange{1, 2}, DPort: RulePortRange{Start: 3}, Flags: RuleInvert, TunID: 0x1234567890},
		{Family: FamilyInet6, Priority: 9, Action: RuleGoto, Goto: 100, Src: netip.MustParsePrefix("2001:db8::/32")},
		{Family: FamilyInet, Action: RuleToTable, L3MDev: true},
	} {
		b := appendRule(nil, &r)
		got, err := DecodeRule(b)
		require.NoError(t, err)
		require.Equal(t, r, got)
		for n := range len(b) { // every cut is an error or a shorter record, never a panic
			_, _ = DecodeRule(b[:n])
		}
		_, err = DecodeRule(b[:5])
		require.ErrorIs(t, err, ErrTruncated)
	}
}

// FRA_TUN_ID is in network order: ip's tun_id 78187493520 is these bytes.
func TestRuleTunIDBytes(t *testing.T) {
	b := appendRule(nil, &Rule{Family: FamilyInet, TunID: 78187493520})
	require.Equal(t, []byte{12, 0, 12, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x90}, b[12:])
	r, err := DecodeRule(b)
	require.NoError(t, err)
	require.Equal(t, uint64(78187493520), r.TunID)
	require.Contains(t, r.String(), " tun_id 78187493520")
	_, err = DecodeRule(append(b[:12:12], 8, 0, 12, 0, 0, 0, 0, 1))
	require.ErrorIs(t, err, ErrTruncated, "a 4-byte FRA_TUN_ID")
}
