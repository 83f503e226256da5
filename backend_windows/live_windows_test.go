//go:build windows

package backend_windows

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// TestLiveSnapshot reads the machine's tables and snapshot, checks what
// holds on every Windows (and Wine) machine, and prints both as JSON for
// the Wine comparison test.
func TestLiveSnapshot(t *testing.T) {
	src, err := NewSource()
	require.NoError(t, err)
	tables, err := readTables(rtnlemu.KindAll)
	require.NoError(t, err)
	snap, err := src.Snapshot(context.Background(), rtnlemu.KindAll)
	require.NoError(t, err)

	require.NotEmpty(t, snap.Links, "every machine has a loopback interface")
	loopback := false
	for _, l := range snap.Links {
		require.NotZero(t, l.Index)
		require.NotEmpty(t, l.Attributes.Name)
		if l.Flags&iffLoopback != 0 {
			loopback = true
		}
	}
	require.True(t, loopback, "a loopback link (IFF_LOOPBACK)")

	tj, err := json.Marshal(tables)
	require.NoError(t, err)
	sj, err := json.Marshal(DumpOf(snap))
	require.NoError(t, err)
	fmt.Println(markTables + string(tj))
	fmt.Println(markSnapshot + string(sj))
}

// TestLiveProcedures reports which IP Helper procedures the system's
// iphlpapi.dll exports, and checks that a setter whose procedure is
// missing answers EOPNOTSUPP rather than panicking.
func TestLiveProcedures(t *testing.T) {
	found := map[string]bool{}
	for _, p := range allProcs() {
		found[p.Name] = p.Find() == nil
	}
	pj, err := json.Marshal(found)
	require.NoError(t, err)
	fmt.Println(markProcs + string(pj))
	if !found[procCreateUnicastIpAddressEntry.Name] {
		err := call(procCreateUnicastIpAddressEntry, 0)
		require.ErrorContains(t, err, "does not export")
		require.Equal(t, "operation not supported", setterErr(err, 0).Error())
	}
}

// TestLiveMonitorStops registers the notifications, lets the poll run a
// few rounds and checks Monitor returns promptly, leaving no goroutine.
func TestLiveMonitorStops(t *testing.T) {
	defer goleak.VerifyNone(t)
	src, err := NewSource(WithPollInterval(50 * time.Millisecond))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan rtnlemu.Change, 16)
	done := make(chan error, 1)
	go func() { done <- src.Monitor(ctx, changes) }()
	select {
	case c := <-changes:
		require.NotZero(t, c.Kinds&rtnlemu.KindNeighbors, "neighbours are always polled")
	case <-time.After(10 * time.Second):
		t.Fatal("no poll within 10s")
	}
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Monitor did not return after its context ended")
	}
}
