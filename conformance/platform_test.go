package conformance_test

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
)

// Environment variables that steer TestPlatformDefault, the runner of
// the cross-compiled binaries on CI VMs (see README.md).
const (
	// targetEnv: "default" runs the platform default target on Linux
	// too (elsewhere it runs unless "off").
	targetEnv = "RTNLX_CONFORMANCE_TARGET"
	// profileEnv names the profile (linux, windows, windows-wine8,
	// freebsd, ...); by default the platform's, Wine detected.
	profileEnv = "RTNLX_CONFORMANCE_PROFILE"
	// mutateEnv: "1" runs the mutating checks without privileges
	// (expecting the setters to work anyway), "0" never runs them; unset,
	// they run as root or Administrator only.
	mutateEnv = "RTNLX_CONFORMANCE_MUTATE"
	// linkEnv names the existing link the mutating checks may change.
	linkEnv = "RTNLX_CONFORMANCE_LINK"
	// mutatorDirEnv and mutatorOpsEnv select a RemoteMutator: the
	// directory shared with a ServeMutations server and the changes it
	// makes (comma-separated Ops).
	mutatorDirEnv = "RTNLX_CONFORMANCE_MUTATOR_DIR"
	mutatorOpsEnv = "RTNLX_CONFORMANCE_MUTATOR_OPS"
)

// TestPlatformDefault runs the suite against netinfo.Open's default
// backend on the machine it runs on: the BSD, macOS or Windows backend
// on a CI VM, the Windows backend under Wine (driven by
// TestWindowsUnderWine), or the host's Linux namespace when asked.
func TestPlatformDefault(t *testing.T) {
	sel := os.Getenv(targetEnv)
	if sel == "off" || (runtime.GOOS == "linux" && sel != "default") {
		// Not a missing prerequisite: on Linux the namespace runners
		// cover the kernel backend without touching the host.
		t.Skipf("not selected: set %s=default to check this machine's own network stack", targetEnv)
	}
	profile := conformance.PlatformProfile(runtime.GOOS, runningUnderWine())
	if name := os.Getenv(profileEnv); name != "" {
		p, ok := profileNamed(name)
		if !ok {
			t.Fatalf("%s=%q: unknown profile", profileEnv, name)
		}
		profile = p
	}
	target := conformance.Target{
		Name: "platform default (" + runtime.GOOS + "/" + runtime.GOARCH + ")",
		Open: func(t testing.TB, opts ...netinfo.Option) (*netinfo.Handle, error) {
			return netinfo.Open(opts...)
		},
		Profile:         profile,
		PlatformDefault: true,
		ScratchLink:     os.Getenv(linkEnv),
	}
	privileged := isPrivileged()
	switch dir, mutate := os.Getenv(mutatorDirEnv), os.Getenv(mutateEnv); {
	case dir != "":
		var ops []conformance.Op
		for _, op := range strings.Split(os.Getenv(mutatorOpsEnv), ",") {
			if op != "" {
				ops = append(ops, conformance.Op(op))
			}
		}
		target.Mutator = &conformance.RemoteMutator{Dir: dir, Ops: ops}
		t.Logf("changes through the mutation server in %s: %v", dir, ops)
	case mutate == "1" || (mutate == "" && privileged):
		// A second handle's setters change the system: they are what a
		// program on this OS would use.
		h, err := netinfo.Open()
		if err != nil {
			t.Fatalf("opening the mutating handle: %v", err)
		}
		defer h.Close()
		target.Mutator = &conformance.SetterMutator{Handle: h, Setters: profile.Setters}
		t.Logf("changes through a second handle's setters on link %q (privileged: %v)", target.ScratchLink, privileged)
	default:
		t.Logf("read-only checks: not root/Administrator (set %s=1 to force the mutating checks)", mutateEnv)
	}
	t.Logf("profile %s", profile.Name)
	conformance.Run(t, target)
}

// profileNamed finds a profile by name.
func profileNamed(name string) (conformance.Profile, bool) {
	for _, p := range []conformance.Profile{
		conformance.LinuxProfile(), conformance.EmulatorProfile(),
		conformance.Wine8Profile(), conformance.WindowsProfile(),
	} {
		if p.Name == name {
			return p, true
		}
	}
	switch name {
	case "freebsd", "openbsd", "netbsd", "dragonfly", "darwin":
		return conformance.BSDProfile(name), true
	}
	return conformance.Profile{}, false
}
