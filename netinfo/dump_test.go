package netinfo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

func openFake(t *testing.T, reply func(req nlmsg.Header, payload []byte) [][]byte) *Handle {
	t.Helper()
	h, err := Open(WithTransport(fakeDialer{reply: reply}))
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	return h
}

// TestDumpInterruptedIsRetried: a dump the kernel flags NLM_F_DUMP_INTR is
// started again; after the bounded retries the slice form says so, and
// the iterator form ends with the error.
func TestDumpInterruptedIsRetried(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, tc := range []struct {
		name        string
		interrupted int // dumps answered with NLM_F_DUMP_INTR
		wantErr     bool
	}{
		{"clean", 0, false},
		{"once", 1, false},
		{"up to the limit", maxDumpRetries, false},
		{"always", 1000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dumps := 0
			h := openFake(t, func(req nlmsg.Header, p []byte) [][]byte {
				if req.Type != linux.RTM_GETROUTE {
					return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
				}
				dumps++
				var intr uint16
				if dumps <= tc.interrupted {
					intr = linux.NLM_F_DUMP_INTR
				}
				return [][]byte{
					append(message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, routePayload(192, 0, 2, 0, 24)),
						message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI|intr, req.Seq, routePayload(198, 51, 100, 0, 24))...),
					message(linux.NLMSG_DONE, linux.NLM_F_MULTI|intr, req.Seq, []byte{0, 0, 0, 0}),
				}
			})
			routes, err := h.Routes(context.Background(), RouteFilter{})
			if tc.wantErr {
				require.ErrorIs(t, err, ErrDumpInterrupted)
				require.Equal(t, maxDumpRetries+1, dumps)
			} else {
				require.NoError(t, err)
				require.Equal(t, min(tc.interrupted, maxDumpRetries)+1, dumps)
			}
			require.Len(t, routes, 2)

			var seqErr error
			n := 0
			for _, err := range h.RoutesSeq(context.Background(), RouteFilter{}) {
				if err != nil {
					seqErr = err
					continue
				}
				n++
			}
			require.Equal(t, 2, n)
			if tc.interrupted > maxDumpRetries+1 {
				require.ErrorIs(t, seqErr, ErrDumpInterrupted)
			}
		})
	}
}

// TestDumpHostileReplies: errors inside a dump, lies about lengths and
// missing ends are errors, never panics or hangs.
func TestDumpHostileReplies(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, tc := range []struct {
		name  string
		reply func(req nlmsg.Header) [][]byte
		check func(t *testing.T, err error)
	}{
		{"error instead of dump", func(req nlmsg.Header) [][]byte {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(syscall.EPERM, req))}
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, syscall.EPERM) }},
		{"done with an error code", func(req nlmsg.Header) [][]byte {
			return [][]byte{message(linux.NLMSG_DONE, linux.NLM_F_MULTI, req.Seq, errorPayload(syscall.EINTR, req)[:4])}
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, syscall.EINTR) }},
		{"length past the datagram", func(req nlmsg.Header) [][]byte {
			m := message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, routePayload(192, 0, 2, 0, 24))
			m[0] = 0xff
			return [][]byte{m}
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, ErrTruncated) }},
		{"truncated route", func(req nlmsg.Header) [][]byte {
			return [][]byte{message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, []byte{2, 24, 0})}
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, ErrTruncated) }},
		{"prefix length past the family", func(req nlmsg.Header) [][]byte {
			return [][]byte{message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, routePayload(192, 0, 2, 0, 99))}
		}, func(t *testing.T, err error) { require.Error(t, err) }},
		{"opeopnotsupp", func(req nlmsg.Header) [][]byte {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(syscall.EOPNOTSUPP, req))}
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, ErrNotSupported) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := openFake(t, func(req nlmsg.Header, p []byte) [][]byte {
				if req.Type != linux.RTM_GETROUTE {
					return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
				}
				return tc.reply(req)
			})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := h.Routes(ctx, RouteFilter{})
			require.False(t, errors.Is(err, context.DeadlineExceeded), "hung: %v", err)
			tc.check(t, err)
			// As os.PathError does, the message names the package once.
			require.Equal(t, 1, strings.Count(err.Error(), "netinfo:"), err.Error())
			// The handle still answers afterwards.
			_, err = h.Routes(ctx, RouteFilter{})
			require.Error(t, err)
		})
	}
}

// TestDumpWithoutEndWaitsForContext: a transport that never ends a dump
// leaves the call to the caller's context, and Close ends it too.
func TestDumpWithoutEndWaitsForContext(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h := openFake(t, func(req nlmsg.Header, p []byte) [][]byte {
		if req.Type != linux.RTM_GETROUTE {
			return [][]byte{message(linux.NLMSG_ERROR, 0, req.Seq, errorPayload(0, req))}
		}
		return [][]byte{message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, req.Seq, routePayload(192, 0, 2, 0, 24))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := h.Routes(ctx, RouteFilter{})
	require.ErrorIs(t, err, context.DeadlineExceeded)

	done := make(chan error)
	go func() {
		_, err := h.Routes(context.Background(), RouteFilter{})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, h.Close())
	select {
	case err := <-done:
		require.ErrorIs(t, err, ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a dump in progress")
	}
}

func TestExtendedAckIsParsed(t *testing.T) {
	req := nlmsg.Header{Len: 28, Type: linux.RTM_NEWROUTE, Seq: 7}
	p := errorPayload(syscall.EINVAL, req)
	msg := "Invalid prefix for given prefix length"
	attr := []byte{byte(4 + len(msg) + 1), 0, linux.NLMSGERR_ATTR_MSG, 0}
	attr = append(attr, msg...)
	attr = append(attr, 0)
	for len(attr)%4 != 0 {
		attr = append(attr, 0)
	}
	p = append(p, attr...)
	err := parseError(nlmsg.Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_CAPPED | linux.NLM_F_ACK_TLVS}, p, "route add")
	var opErr *OpError
	require.ErrorAs(t, err, &opErr)
	require.ErrorIs(t, err, syscall.EINVAL)
	require.Equal(t, msg, opErr.Message)
	require.Contains(t, err.Error(), msg)

	// Lies in the TLVs never panic.
	for i := range len(p) {
		_ = parseError(nlmsg.Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_CAPPED | linux.NLM_F_ACK_TLVS}, p[:i], "x")
		_ = parseError(nlmsg.Header{Type: linux.NLMSG_ERROR, Flags: linux.NLM_F_ACK_TLVS}, p[:i], "x")
	}
}

// TestEndsReply: the reader stops at the end of its own reply, or at
// bytes that are not a message.
func TestEndsReply(t *testing.T) {
	const seq = 7
	route := message(linux.RTM_NEWROUTE, linux.NLM_F_MULTI, seq, routePayload(192, 0, 2, 0, 24))
	done := message(linux.NLMSG_DONE, linux.NLM_F_MULTI, seq, []byte{0, 0, 0, 0})
	odd := message(linux.RTM_NEWLINK, linux.NLM_F_MULTI, seq, []byte{1, 2, 3, 4, 5}) // length 21, padded to 24
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"empty", nil, false},
		{"records only", cat(route, route), false},
		{"done", cat(route, done), true},
		{"done of another request", cat(route, message(linux.NLMSG_DONE, linux.NLM_F_MULTI, seq+1, []byte{0, 0, 0, 0})), false},
		{"error", message(linux.NLMSG_ERROR, 0, seq, []byte{0xff, 0xff, 0xff, 0xff}), true},
		{"error of another request", message(linux.NLMSG_ERROR, 0, seq-1, []byte{0xff, 0xff, 0xff, 0xff}), false},
		{"records after an unaligned record", cat(odd, route), false},
		{"done after an unaligned record", cat(odd, done), true},
		{"short tail", cat(route, []byte{1, 2, 3}), true},
		{"length below a header", cat([]byte{8, 0, 0, 0}, make([]byte, 12)), true},
		{"length past the end", cat(route[:len(route)-4]), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, endsReply(tc.b, seq))
		})
	}
}

// TestDumpScratchKeepsEarlierRecords: a connection's decode scratch
// outlives a dump, and what it hands out to the next one never changes
// the records of the last.
func TestDumpScratchKeepsEarlierRecords(t *testing.T) {
	msgs := recordedMessages(t, "links.nl", linux.RTM_NEWLINK)
	h := openFake(t, func(req nlmsg.Header, p []byte) [][]byte {
		var d []byte
		for _, m := range msgs {
			d = append(d, message(linux.RTM_NEWLINK, linux.NLM_F_MULTI, req.Seq, m)...)
		}
		return [][]byte{d, message(linux.NLMSG_DONE, linux.NLM_F_MULTI, req.Seq, []byte{0, 0, 0, 0})}
	})
	first, err := h.Links(context.Background())
	require.NoError(t, err)
	require.Len(t, first, len(msgs))
	want := make([]Link, len(first))
	for i, l := range first {
		want[i] = l
		want[i].HardwareAddr = slices.Clone(l.HardwareAddr)
		want[i].Broadcast = slices.Clone(l.Broadcast)
		if l.Stats != nil {
			st := *l.Stats
			want[i].Stats = &st
		}
	}
	for range 3 {
		again, err := h.Links(context.Background())
		require.NoError(t, err)
		require.Equal(t, want, again)
		for i := range again { // nothing is shared that a caller could write to
			if again[i].Stats != nil {
				require.NotSame(t, first[i].Stats, again[i].Stats)
				again[i].Stats.RxBytes++
			}
			if len(again[i].HardwareAddr) > 0 {
				again[i].HardwareAddr[0]++
			}
		}
	}
	require.Equal(t, want, first)
}
