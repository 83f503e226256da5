package netinfo

import (
	"context"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// TestTouchPagesFirstByte: touchPages stores a byte at the start of
// records without a write barrier, which is sound only where no pointer
// lives; every record type collected by dumpSlice starts with a field
// free of pointers.
func TestTouchPagesFirstByte(t *testing.T) {
	for _, v := range []any{Link{}, Addr{}, Route{}, Neighbor{}, Rule{}, Nexthop{}} {
		typ := reflect.TypeOf(v)
		first := typ.Field(0)
		require.Zero(t, first.Offset, typ.Name())
		require.Falsef(t, holdsPointers(first.Type), "%s.%s holds a pointer", typ.Name(), first.Name)
	}
}

// holdsPointers reports whether values of t contain a pointer the
// collector follows.
func holdsPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Chan, reflect.Func,
		reflect.Interface, reflect.Slice, reflect.String:
		return true
	case reflect.Array:
		return t.Len() > 0 && holdsPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// TestTouchPages: touching leaves the slice as it was, records and spare
// capacity zero, whatever its size.
func TestTouchPages(t *testing.T) {
	for _, tc := range []struct {
		name     string
		len, cap int
	}{
		{"empty", 0, 0},
		{"small", 0, 10},
		{"large", 0, touchMinBytes/int(unsafe.Sizeof(Route{})) + 100},
		{"large, partly filled", 1000, touchMinBytes/int(unsafe.Sizeof(Route{})) + 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := make([]Route, tc.len, tc.cap)
			for i := range s {
				s[i].Priority = uint32(i) + 1
			}
			touchPages(s)
			require.Len(t, s, tc.len)
			for i, r := range s {
				require.Equal(t, uint32(i)+1, r.Priority)
			}
			for _, r := range s[len(s):cap(s)] {
				require.Zero(t, r)
			}
		})
	}
	touchPages(make([]struct{}, 0, 1<<20)) // zero-size records: nothing to touch
}

// TestDumpBuffersBounded: a consumer slower than the transport makes the
// reader take more buffers, never more than an iterator's seqDumpBuffers
// (a streamed dump's memory stays flat however large the table), and
// the connection keeps them for its next dump instead of making new ones.
func TestDumpBuffersBounded(t *testing.T) {
	const routes = 40_000 // about 40 datagrams of 32 KiB
	h := openFake(t, func(req nlmsg.Header, _ []byte) [][]byte {
		if req.Type != linux.RTM_GETROUTE {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
		}
		return benchRouteDatagrams(req.Seq, routes)
	})
	ctx := context.Background()
	slowDump := func() {
		n := 0
		for _, err := range h.RoutesSeq(ctx, RouteFilter{}) {
			require.NoError(t, err)
			if n++; n%1000 == 0 {
				time.Sleep(100 * time.Microsecond) // the reader runs ahead
			}
		}
		require.Equal(t, routes, n)
	}
	slowDump()
	h.mu.Lock()
	require.Len(t, h.idle, 1)
	bufs := h.idle[0].dumpBufs
	h.mu.Unlock()
	require.Greater(t, len(bufs), 1, "the reader never ran ahead")
	require.LessOrEqual(t, len(bufs), seqDumpBuffers)

	slowDump()
	h.mu.Lock()
	again := h.idle[0].dumpBufs
	h.mu.Unlock()
	require.LessOrEqual(t, len(again), seqDumpBuffers)
	for i := range min(len(bufs), len(again)) {
		require.Same(t, &bufs[i][0], &again[i][0], "buffer %d was made again", i)
	}
}
