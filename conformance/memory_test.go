package conformance_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/conformance"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// TestMemory runs the suite against rtnlemu over a Memory loaded with a
// varied state, scripted by a MemoryMutator. It needs nothing but Go.
func TestMemory(t *testing.T) {
	mem := rtnlemu.NewMemory()
	require.NoError(t, mem.Load(variedSnapshot()))
	conformance.Run(t, conformance.Target{
		Name: "rtnlemu.Memory",
		Open: func(t testing.TB, opts ...netinfo.Option) (*netinfo.Handle, error) {
			// Each handle has its own emulator over the shared Memory,
			// closed when the check that opened it ends.
			tr := rtnlemu.New(mem)
			t.Cleanup(func() { tr.Close() })
			return netinfo.Open(append([]netinfo.Option{netinfo.WithTransport(tr)}, opts...)...)
		},
		Profile: conformance.EmulatorProfile(),
		Mutator: &conformance.MemoryMutator{Memory: mem},
	})
}
