package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

// TestMonitorAllNSIDMatchIP watches a namespace that has an id (5) for
// another one with `monitor all-nsid`: the other namespace's links,
// addresses and routes come with "[nsid 5]", this one's with
// "[nsid current]", each line ip's (names included, which ip, as ipinfo,
// takes from this namespace's links).
func TestMonitorAllNSIDMatchIP(t *testing.T) {
	for _, args := range [][]string{{"all-nsid"}, {"-t", "all-nsid", "label", "link", "address", "route"}, {"-o", "all-nsid", "all"}} {
		t.Run(strings.Join(append([]string{"monitor"}, args...), " "), func(t *testing.T) {
			ns, other := nstest.New(t, "ipma"), nstest.New(t, "ipma")
			ns.Batch(t, []string{"link add v0 type veth peer name v1", "netns set " + other.Name + " 5"})
			var opts []string
			for len(args) > 0 && strings.HasPrefix(args[0], "-") {
				opts, args = append(opts, args[0]), args[1:]
			}
			m := vethMarkers
			m.end = func(l string) bool { return strings.Contains(l, "Deleted ") && strings.Contains(l, ": mstart@") }
			m.act = func() {
				other.Batch(t, []string{
					"link add o0 type veth peer name o1", "link set o0 up", "addr add 10.5.0.1/24 dev o0",
					"addr add 2001:db8:5::1/64 dev o0 nodad", "link set o0 mtu 1400", "link del o0",
				})
			}
			ip, ii := compareMonitorsWith(t, ns, opts, args, []string{"link set v0 mtu 1300"}, m)
			require.Equal(t, ip, ii)
			all := strings.Join(ip, "\n")
			require.Contains(t, all, "[nsid 5]")
			require.Contains(t, all, "[nsid current]")
		})
	}
}
