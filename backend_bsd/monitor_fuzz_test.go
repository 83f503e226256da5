package backend_bsd

import (
	"context"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// FuzzMonitor drives runMonitor's state machine with a script read from
// the input: datagrams (any bytes), ENOBUFS, EINTR and EAGAIN, then
// either a read error or the end of the context. Whatever the script,
// runMonitor must not panic or hang, must count what it skipped and
// every overflow, and, when the read fails, must have reported every kind
// of change the datagrams implied, and an overflow, before returning the
// read's error. Its reader must be gone when it returns.
//
//	go test -run '^$' -fuzz '^FuzzMonitor$' -fuzztime 30s ./backend_bsd
func FuzzMonitor(f *testing.F) {
	for _, fx := range fixtures() {
		script := []byte{byte(fx.o - 1), 0}
		for _, b := range fx.msgs {
			script = append(script, 0)
			script = binary.BigEndian.AppendUint16(script, uint16(len(b)))
			script = append(script, b...)
		}
		f.Add(script)
		f.Add(append([]byte{byte(fx.o - 1), 1, 1, 2, 3}, script[2:]...))
	}
	f.Add([]byte{0, 0, 1, 1, 1})
	f.Add([]byte{0x80, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		l := layoutFromSeed(data[0])
		endByCancel := data[1]&1 != 0
		ops := parseMonitorScript(data[2:])

		var (
			want     rtnlemu.Change
			skipped  int
			overflow int
		)
		for _, op := range ops {
			switch {
			case op.err != nil:
				if errors.Is(op.err, syscall.ENOBUFS) {
					overflow++
					merge(&want, rtnlemu.Change{Kinds: rtnlemu.KindAll, Overflow: true})
				}
			default:
				msgs, ps := l.ParseMessages(op.datagram)
				skipped += ps.Skipped
				var c rtnlemu.Change
				for _, m := range msgs {
					merge(&c, l.ChangeOf(m))
				}
				if c.Overflow {
					overflow++ // OpenBSD's RTM_DESYNC
				}
				merge(&want, c)
			}
		}

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stopped := make(chan struct{})
		var returned atomic.Bool
		errRead := errors.New("read failed")
		next := 0
		read := func(b []byte) (int, error) {
			if returned.Load() {
				t.Error("read called after runMonitor returned")
			}
			if next < len(ops) {
				op := ops[next]
				next++
				if op.err != nil {
					return 0, op.err
				}
				return copy(b, op.datagram), nil
			}
			if endByCancel {
				<-stopped // a blocked read that stop unblocks
			}
			return 0, errRead
		}
		stop := func() {
			select {
			case <-stopped:
				t.Error("stop called twice")
			default:
				close(stopped)
			}
		}
		out := make(chan rtnlemu.Change)
		var st monitorStats
		ret := make(chan error, 1)
		go func() {
			err := runMonitor(ctx, l, read, stop, out, &st)
			returned.Store(true)
			ret <- err
		}()

		var got rtnlemu.Change
		covered := func() bool { return got.Kinds|want.Kinds == got.Kinds && (got.Overflow || !want.Overflow) }
		if endByCancel && covered() {
			cancel() // nothing to wait for
		}
		timeout := time.After(30 * time.Second)
		for {
			select {
			case c := <-out:
				if c.Kinds == 0 && !c.Overflow {
					t.Fatal("an empty change was sent")
				}
				merge(&got, c)
				if endByCancel && covered() {
					cancel() // everything came: end the monitor
				}
				continue
			case err := <-ret:
				if endByCancel {
					if err != nil {
						t.Fatalf("ended by its context: returned %v, want nil", err)
					}
				} else {
					if !errors.Is(err, errRead) {
						t.Fatalf("returned %v, want the read's error", err)
					}
					if got.Kinds != rtnlemu.KindAll || !got.Overflow {
						t.Fatalf("after a read error: reported %+v, want every kind and an overflow", got)
					}
				}
			case <-timeout:
				t.Fatalf("runMonitor still running after 30s: reported %+v, want %+v", got, want)
			}
			break
		}
		if !covered() {
			t.Fatalf("reported %+v, want at least %+v", got, want)
		}
		if endByCancel {
			return // the reader may have stopped before the end of the script
		}
		if st.Skipped != skipped {
			t.Fatalf("Skipped = %d, want %d", st.Skipped, skipped)
		}
		if st.Overflows != overflow {
			t.Fatalf("Overflows = %d, want %d", st.Overflows, overflow)
		}
	})
}

// A monitorOp is one read's result in a FuzzMonitor script.
type monitorOp struct {
	datagram []byte
	err      error
}

// parseMonitorScript reads a script: op 0 is a datagram whose big-endian
// 16-bit length follows, 1 ENOBUFS, 2 EINTR, 3 EAGAIN; other op bytes are
// skipped.
func parseMonitorScript(b []byte) []monitorOp {
	var ops []monitorOp
	for len(b) > 0 {
		op := b[0]
		b = b[1:]
		switch op % 4 {
		case 0:
			if len(b) < 2 {
				return ops
			}
			n := min(int(binary.BigEndian.Uint16(b)), len(b)-2, 64<<10)
			ops = append(ops, monitorOp{datagram: b[2 : 2+n]})
			b = b[2+n:]
		case 1:
			ops = append(ops, monitorOp{err: syscall.ENOBUFS})
		case 2:
			ops = append(ops, monitorOp{err: syscall.EINTR})
		case 3:
			ops = append(ops, monitorOp{err: syscall.EAGAIN})
		}
	}
	return ops
}
