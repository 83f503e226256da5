package netinfo

import (
	"maps"
	"net"
	"net/netip"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every Neighbor field but CacheInfo comes back from the table as it
// went in, through get and all; a field the test does not know fails it,
// so that a new field is not silently dropped by the view.
func TestNeighTableRoundTrip(t *testing.T) {
	base := Neighbor{Index: 3, Family: FamilyInet6, IP: netip.MustParseAddr("2001:db8::7"),
		HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 7}, CacheInfo: &NeighCacheInfo{}}
	rv := reflect.ValueOf(&base).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		if !f.IsZero() {
			continue
		}
		switch f.Kind() {
		case reflect.Uint8, reflect.Uint16:
			f.SetUint(uint64(i + 1))
		case reflect.Uint32: // Flags: an extended flag too
			f.SetUint(uint64(i+1) | uint64(NeighManaged))
		default:
			t.Fatalf("Neighbor.%s: a field of kind %v the test does not fill", rv.Type().Field(i).Name, f.Kind())
		}
	}
	long := base
	long.HardwareAddr = net.HardwareAddr{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	long.IP = netip.MustParseAddr("2001:db8::8")
	tests := []struct {
		name string
		n    Neighbor
	}{
		{"every field", base},
		{"IPv4", func() Neighbor {
			n := base
			n.Family, n.IP = FamilyInet, netip.MustParseAddr("192.0.2.7")
			return n
		}()},
		{"IPv4-mapped IPv6", func() Neighbor {
			n := base
			n.IP = netip.MustParseAddr("::ffff:192.0.2.7")
			return n
		}()},
		{"no link-layer address", func() Neighbor {
			n := base
			n.HardwareAddr = nil
			return n
		}()},
		{"EUI-64", func() Neighbor {
			n := base
			n.HardwareAddr = net.HardwareAddr{1, 2, 3, 4, 5, 6, 7, 8}
			return n
		}()},
		{"a 20-byte address", long},
		{"flags past the record's 16 bits", func() Neighbor {
			n := base
			n.Flags |= 1 << 20
			return n
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := newNeighTable()
			k := keyOfNeigh(&tc.n)
			in := tc.n
			tab.set(k, &in)
			in.HardwareAddr = append(net.HardwareAddr(nil), in.HardwareAddr...) // the table copied it
			want := tc.n
			want.CacheInfo = nil
			got, ok := tab.get(k)
			require.True(t, ok)
			require.Equal(t, want, got)
			all := maps.Collect(tab.all())
			require.Equal(t, map[neighKey]Neighbor{k: want}, all)
			// What all yields is the caller's: changing it changes nothing.
			if len(all[k].HardwareAddr) > 0 {
				all[k].HardwareAddr[0] ^= 0xff
				got, _ = tab.get(k)
				require.Equal(t, want, got)
			}
			// A shorter address replaces a long one.
			in.HardwareAddr = net.HardwareAddr{9, 9, 9, 9, 9, 9}
			tab.set(k, &in)
			got, _ = tab.get(k)
			require.Equal(t, in.HardwareAddr, got.HardwareAddr)
			require.Empty(t, tab.long)
			tab.del(k)
			_, ok = tab.get(k)
			require.False(t, ok)
			require.Empty(t, tab.m)
		})
	}
}

// Neighbours on different links, or of different families with the
// same bytes, are different keys.
func TestNeighTableKeys(t *testing.T) {
	tab := newNeighTable()
	ns := []Neighbor{
		{Index: 2, Family: FamilyInet, IP: netip.MustParseAddr("192.0.2.1")},
		{Index: 3, Family: FamilyInet, IP: netip.MustParseAddr("192.0.2.1")},
		{Index: 2, Family: FamilyInet6, IP: netip.MustParseAddr("::ffff:192.0.2.1")},
		{Index: 2, Family: FamilyInet6, IP: netip.MustParseAddr("2001:db8::1")},
		{Index: 2, Family: FamilyBridge},
	}
	want := map[neighKey]Neighbor{}
	for i := range ns {
		tab.set(keyOfNeigh(&ns[i]), &ns[i])
		want[keyOfNeigh(&ns[i])] = ns[i]
	}
	require.Len(t, tab.m, len(ns))
	require.Equal(t, want, maps.Collect(tab.all()))
}
