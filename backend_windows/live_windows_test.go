//go:build windows

package backend_windows

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/sys/windows"

	"github.com/rtnlx/rtnlx/rtnlemu"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// TestLiveSnapshot reads the machine's tables and snapshot, checks what
// holds on every Windows (and Wine) machine, and prints both as JSON for
// the Wine comparison test.
func TestLiveSnapshot(t *testing.T) {
	src, err := newSource()
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
		if l.Flags&linux.IFF_LOOPBACK != 0 {
			loopback = true
		}
	}
	require.True(t, loopback, "a loopback link (IFF_LOOPBACK)")

	tj, err := json.Marshal(tables)
	require.NoError(t, err)
	sj, err := json.Marshal(dumpOf(snap))
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
	src, err := newSource(WithPollInterval(50 * time.Millisecond))
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

// TestLiveSettersUnsupported calls every setter whose procedure the
// system's iphlpapi.dll lacks (Wine 8 lacks them all) and checks it
// answers EOPNOTSUPP. Setters the system has are left alone: they would
// change the machine.
func TestLiveSettersUnsupported(t *testing.T) {
	src, err := newSource()
	require.NoError(t, err)
	ctx := context.Background()
	addr := &rtnetlink.AddressMessage{Family: linux.AF_INET, PrefixLength: 24, Index: 1,
		Attributes: &rtnetlink.AddressAttributes{Local: net.IPv4(192, 0, 2, 77)}}
	route := &rtnetlink.RouteMessage{Family: linux.AF_INET, DstLength: 24,
		Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(198, 51, 100, 0), OutIface: 1}}
	neigh := &rtnetlink.NeighMessage{Family: linux.AF_INET, Index: 1, State: linux.NUD_PERMANENT,
		Attributes: &rtnetlink.NeighAttributes{Address: net.IPv4(192, 0, 2, 78), LLAddress: net.HardwareAddr{2, 0, 0, 0, 0, 1}}}
	link := &rtnetlink.LinkMessage{Index: 1, Attributes: &rtnetlink.LinkAttributes{MTU: 1400}}
	tests := []struct {
		proc *windows.LazyProc
		call func() error
	}{
		{procCreateUnicastIpAddressEntry, func() error { return src.AddAddr(ctx, addr, rtnlemu.FlagCreate) }},
		{procDeleteUnicastIpAddressEntry, func() error { return src.DelAddr(ctx, addr) }},
		{procCreateIpForwardEntry2, func() error { return src.AddRoute(ctx, route, rtnlemu.FlagCreate) }},
		{procDeleteIpForwardEntry2, func() error { return src.DelRoute(ctx, route) }},
		{procSetIpForwardEntry2, func() error { return src.AddRoute(ctx, route, rtnlemu.FlagReplace) }},
		{procCreateIpNetEntry2, func() error { return src.AddNeighbor(ctx, neigh, rtnlemu.FlagCreate) }},
		{procDeleteIpNetEntry2, func() error { return src.DelNeighbor(ctx, neigh) }},
		{procGetIpInterfaceEntry, func() error { return src.SetLink(ctx, link) }},
	}
	checked := 0
	for _, tt := range tests {
		if tt.proc.Find() == nil {
			continue
		}
		require.Equal(t, syscall.EOPNOTSUPP, tt.call(), tt.proc.Name)
		checked++
	}
	fmt.Println("RTNLX-SETTERS-EOPNOTSUPP", checked)
	// Requests Windows cannot express are refused before any call.
	require.Equal(t, syscall.EOPNOTSUPP, src.SetLink(ctx, &rtnetlink.LinkMessage{Index: 1, Change: linux.IFF_UP, Flags: linux.IFF_UP, Attributes: &rtnetlink.LinkAttributes{}}))
	require.Equal(t, syscall.EOPNOTSUPP, src.AddRoute(ctx, &rtnetlink.RouteMessage{Family: linux.AF_INET, Table: 100, Attributes: rtnetlink.RouteAttributes{OutIface: 1}}, 0))
}

// TestLiveTrampolineFromForeignThread runs the notification trampoline on
// a thread Go did not create (CreateThread), as Windows' thread pool runs
// notification callbacks, and checks the registered fire function runs
// and an unknown caller context is ignored. Wine never fires the real
// notifications, so this is how the callback path is exercised there.
func TestLiveTrampolineFromForeignThread(t *testing.T) {
	kernel32 := windows.NewLazySystemDLL("kernel32.dll")
	createThread := kernel32.NewProc("CreateThread")
	require.NoError(t, createThread.Find())

	var fired atomic.Int32
	id := nextID.Add(1)
	callbackTable.Store(id, func() { fired.Add(1) })
	defer callbackTable.Delete(id)

	for _, ctxID := range []uintptr{id, id + 1<<20} { // registered, then unknown
		h, _, err := createThread.Call(0, 0, trampoline(), ctxID, 0, 0)
		require.NotZero(t, h, "CreateThread: %v", err)
		ev, err := windows.WaitForSingleObject(windows.Handle(h), 10_000)
		require.NoError(t, err)
		require.Equal(t, uint32(windows.WAIT_OBJECT_0), ev)
		require.NoError(t, windows.CloseHandle(windows.Handle(h)))
	}
	require.Equal(t, int32(1), fired.Load(), "the registered context fired once; the unknown one did nothing")
}

// TestLiveConcurrentSnapshots reads snapshots from several goroutines at
// once (rtnlemu dumps and diffs concurrently) and checks they agree.
func TestLiveConcurrentSnapshots(t *testing.T) {
	src, err := newSource()
	require.NoError(t, err)
	first, err := src.Snapshot(context.Background(), rtnlemu.KindLinks)
	require.NoError(t, err)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for range 5 {
				s, err := src.Snapshot(context.Background(), rtnlemu.KindAll)
				if err == nil && len(s.Links) != len(first.Links) {
					err = fmt.Errorf("%d links, then %d", len(first.Links), len(s.Links))
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
}
