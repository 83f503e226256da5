package nstest

import (
	"fmt"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewMakesUsableNamespace(t *testing.T) {
	ns := New(t, "nstn")
	require.True(t, strings.HasPrefix(ns.Name, "nstn"))
	require.Equal(t, netnsDir+ns.Name, ns.Path)
	_, err := os.Stat(ns.Path)
	require.NoError(t, err)

	lo := ns.IPJSON(t, "link", "show", "lo")
	require.Len(t, lo, 1)
	require.Contains(t, lo[0]["flags"], "UP")

	// Exec runs inside the namespace: it sees only the namespace's links.
	out := ns.Exec(t, "cat", "/proc/net/dev")
	require.Contains(t, out, "lo:")
	require.NotContains(t, out, "eth0:")

	other := New(t, "nstn")
	require.NotEqual(t, ns.Name, other.Name)
}

func TestNewCleanupDeletesNamespace(t *testing.T) {
	var path string
	t.Run("inner", func(t *testing.T) {
		path = New(t, "nstc").Path
	})
	if path == "" {
		t.Skip("inner test skipped")
	}
	_, err := os.Stat(path)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestPopulateLinks(t *testing.T) {
	ns := New(t, "nstl")
	f := Populate(t, ns)
	for _, want := range f.Links() {
		t.Run(want.Name, func(t *testing.T) {
			got := ns.IPJSON(t, "-d", "link", "show", want.Name)
			require.Len(t, got, 1)
			l := got[0]
			require.EqualValues(t, want.Index, l["ifindex"])
			require.EqualValues(t, want.MTU, l["mtu"])
			require.Contains(t, l["flags"], "UP")
			kind := l["linkinfo"].(map[string]any)["info_kind"]
			require.Equal(t, want.Kind, kind)
			if want.MAC != nil {
				require.Equal(t, want.MAC.String(), l["address"])
			}
			if want.Alias != "" {
				require.Equal(t, want.Alias, l["ifalias"])
			}
			if want.Master != "" {
				require.Equal(t, want.Master, l["master"])
			}
			if want.Peer != "" {
				require.Equal(t, want.Peer, l["link"])
			}
			if want.Kind == "tun" {
				require.False(t, want.LinkLocal.IsValid())
				return
			}
			require.Equal(t, "UP", l["operstate"])
			require.True(t, want.LinkLocal.IsValid())
			var locals []string
			for _, a := range ns.IPJSON(t, "-6", "addr", "show", "dev", want.Name, "scope", "link") {
				infos, _ := a["addr_info"].([]any)
				for _, ai := range infos {
					if local, ok := ai.(map[string]any)["local"].(string); ok {
						locals = append(locals, local)
					}
				}
			}
			require.Equal(t, []string{want.LinkLocal.String()}, locals)
		})
	}
}

func TestPopulateAddrs(t *testing.T) {
	ns := New(t, "nsta")
	f := Populate(t, ns)
	type addrKey struct {
		dev, local string
		plen       int
	}
	got := map[addrKey]map[string]any{}
	for _, l := range ns.IPJSON(t, "addr", "show") {
		for _, ai := range l["addr_info"].([]any) {
			a := ai.(map[string]any)
			got[addrKey{l["ifname"].(string), a["local"].(string), int(a["prefixlen"].(float64))}] = a
		}
	}
	for _, want := range f.Addrs {
		t.Run(want.Prefix.String(), func(t *testing.T) {
			a, ok := got[addrKey{want.Dev, want.Prefix.Addr().String(), want.Prefix.Bits()}]
			require.True(t, ok, "address %s on %s missing; have %v", want.Prefix, want.Dev, got)
			require.Equal(t, "global", a["scope"])
			require.Nil(t, a["tentative"], "DAD must be off")
			if want.Label != "" {
				require.Equal(t, want.Label, a["label"])
			}
			require.Equal(t, want.Secondary, a["secondary"] == true)
			if want.Peer.IsValid() {
				require.Equal(t, want.Peer.Addr().String(), a["address"])
			}
		})
	}
}

func TestPopulateRoutes(t *testing.T) {
	ns := New(t, "nstr")
	f := Populate(t, ns)
	for _, want := range f.Routes {
		t.Run(fmt.Sprintf("%d/%s/%s", want.Table, want.Type, want.Dst), func(t *testing.T) {
			fam := "-4"
			if want.Dst.Addr().Is6() {
				fam = "-6"
			}
			dst := want.Dst.String()
			if want.Dst.Bits() == 0 {
				dst = "default"
			}
			got := ns.IPJSON(t, fam, "route", "show", "table", fmt.Sprint(want.Table), "exact", dst)
			require.Len(t, got, 1, "route %s", dst)
			r := got[0]
			wantDst := want.Dst.String()
			switch {
			case want.Dst.Bits() == 0:
				wantDst = "default"
			case want.Dst.IsSingleIP():
				wantDst = want.Dst.Addr().String()
			}
			require.Equal(t, wantDst, r["dst"])
			if want.Type != "unicast" {
				require.Equal(t, want.Type, r["type"])
			}
			if want.Gateway.IsValid() {
				require.Equal(t, want.Gateway.String(), r["gateway"])
			}
			if want.Dev != "" {
				require.Equal(t, want.Dev, r["dev"])
			}
			if want.NextHops == nil {
				require.Nil(t, r["nexthops"])
				return
			}
			nhs := r["nexthops"].([]any)
			require.Len(t, nhs, len(want.NextHops))
			for i, wnh := range want.NextHops {
				nh := nhs[i].(map[string]any)
				require.Equal(t, wnh.Gateway.String(), nh["gateway"])
				require.Equal(t, wnh.Dev, nh["dev"])
				require.EqualValues(t, wnh.Weight, nh["weight"])
			}
		})
	}
}

func TestPopulateNeighbors(t *testing.T) {
	ns := New(t, "nstn")
	f := Populate(t, ns)
	got := map[netip.Addr]map[string]any{}
	for _, n := range ns.IPJSON(t, "neigh", "show") {
		got[netip.MustParseAddr(n["dst"].(string))] = n
	}
	for _, want := range f.Neighbors {
		t.Run(want.IP.String(), func(t *testing.T) {
			n, ok := got[want.IP]
			require.True(t, ok, "neighbour %s missing", want.IP)
			require.Equal(t, want.Dev, n["dev"])
			require.Equal(t, want.MAC.String(), n["lladdr"])
			require.Equal(t, []any{strings.ToUpper(want.State)}, n["state"])
		})
	}
}

func TestBatchReportsFailure(t *testing.T) {
	ns := New(t, "nstb")
	// A failing command fails the test it runs in: run it in a fake TB.
	ft := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ns.Batch(ft, []string{"link add blx0 type nosuchkind"})
	}()
	<-done
	require.True(t, ft.failed)
}

// fatalRecorder is a testing.TB whose Fatalf records the failure and ends
// the calling goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	failed bool
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.failed = true
	runtime.Goexit()
}

func TestTryIPAndCommand(t *testing.T) {
	ns := New(t, "nstt")
	_, err := ns.TryIP("link", "show", "nosuchlink0")
	require.ErrorContains(t, err, "nosuchlink0")
	out, err := ns.TryIP("link", "show", "lo")
	require.NoError(t, err)
	require.Contains(t, out, "lo:")

	cmd := ns.Command(t.Context(), "cat", "/proc/net/dev")
	got, err := cmd.Output()
	require.NoError(t, err)
	require.Contains(t, string(got), "lo:")
	require.NotContains(t, string(got), "eth0:")
}
