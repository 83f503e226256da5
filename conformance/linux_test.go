//go:build linux

package conformance_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// ipIn returns an IPMutator runner for `ip -n ns`.
func ipIn(ns *nstest.NS) func(ctx context.Context, stdin []byte, args ...string) error {
	return func(ctx context.Context, stdin []byte, args ...string) error {
		cmd := exec.CommandContext(ctx, "ip", append([]string{"-n", ns.Name}, args...)...)
		if stdin != nil {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
		}
		return nil
	}
}

// linuxTarget is the kernel backend in namespace ns.
func linuxTarget(ns *nstest.NS) conformance.Target {
	return conformance.Target{
		Name: "linux netns " + ns.Name,
		Open: func(t testing.TB, opts ...netinfo.Option) (*netinfo.Handle, error) {
			return netinfo.Open(append([]netinfo.Option{netinfo.WithNetNS(ns.Path)}, opts...)...)
		},
		Profile:         conformance.LinuxProfile(),
		PlatformDefault: true,
	}
}

// TestLinuxNamespace runs the suite against the kernel backend in a
// fresh namespace filled by nstest.Populate, changed from outside with ip.
func TestLinuxNamespace(t *testing.T) {
	ns := nstest.New(t, "rtcf")
	nstest.Populate(t, ns)
	target := linuxTarget(ns)
	target.Mutator = &conformance.IPMutator{Run: ipIn(ns)}
	conformance.Run(t, target)
}

// TestLinuxNamespaceSetters runs the suite with the changes made by a
// second handle's setters on an existing link, as a CI VM of any OS
// runs it.
func TestLinuxNamespaceSetters(t *testing.T) {
	ns := nstest.New(t, "rtcf")
	nstest.Populate(t, ns)
	mutating, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	if err != nil {
		t.Fatal(err)
	}
	defer mutating.Close()
	target := linuxTarget(ns)
	target.Mutator = &conformance.SetterMutator{Handle: mutating, Setters: target.Profile.Setters}
	target.ScratchLink = "veth0"
	conformance.Run(t, target)
}

// TestLinuxNamespaceRemote runs the suite through an rtnlremote server
// whose backend is the kernel in a fresh namespace, changed from outside
// with ip: every check a local handle passes, a remote one passes too.
func TestLinuxNamespaceRemote(t *testing.T) {
	ns := nstest.New(t, "rtcf")
	nstest.Populate(t, ns)
	tr, err := backend_linux.NewTransport(backend_linux.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	dial := func(ctx context.Context) (rtnlremote.Conn, error) { return tr.Dial(ctx) }
	addr := serveRemote(t, dial, rtnlremote.Config{})
	target := remoteTarget("linux netns "+ns.Name, addr, conformance.LinuxProfile())
	target.Mutator = &conformance.IPMutator{Run: ipIn(ns)}
	conformance.Run(t, target)
}
