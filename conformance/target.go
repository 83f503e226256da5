package conformance

import (
	"testing"

	"github.com/rtnlx/rtnlx/netinfo"
)

// A Target is one backend, on one system, that the suite checks.
type Target struct {
	// Name names the target in logs.
	Name string

	// Open opens a new handle on the system under test, with opts added
	// to the target's own options. Every call must see the same system.
	// Open may register cleanups on t (such as closing an emulated
	// transport); the suite closes the handle itself.
	Open func(t testing.TB, opts ...netinfo.Option) (*netinfo.Handle, error)

	// Profile says what the backend can do.
	Profile Profile

	// Mutator changes the system from outside the checked handle; nil
	// runs the read-only checks only. A non-nil Mutator also allows the
	// suite to call the setters the profile lists on its scratch link.
	Mutator Mutator

	// ScratchLink names an existing link the suite may change when the
	// Mutator cannot add links of its own (OpLinkAdd): addresses, routes
	// and neighbours under the suite's test prefixes go on it and are
	// removed afterwards. "" with no OpLinkAdd leaves those checks
	// not applicable.
	ScratchLink string

	// PlatformDefault reports that Open uses netinfo.Open's default
	// transport, so options only it reads (WithNetNS) are checked too.
	PlatformDefault bool
}
