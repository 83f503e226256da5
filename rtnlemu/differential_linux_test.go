//go:build linux

package rtnlemu_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"iter"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/backend_linux"
	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// The differential test sends the same bytes to a kernel in a namespace
// (over backend_linux, which turns strict checking and extended acks on,
// as rtnlx always does) and to rtnlemu serving a Memory loaded with that
// kernel's state, and compares the answers request by request: which
// messages come back (acks, errors, dump parts, NLMSG_DONE), their
// errnos, whether an extended ack is attached, and, for reads, what the
// records say. A difference fails the test unless knownDifference
// explains it (and rtnlemu's package documentation lists it).

// rawConn is what both sides offer: netinfo.Conn's datagram methods.
type rawConn interface {
	Send(ctx context.Context, b []byte) error
	Receive(ctx context.Context, b []byte) (int, error)
	Close() error
}

// A diffSide is one end of the comparison.
type diffSide struct {
	name string
	conn rawConn
	buf  []byte
}

// diffPair is the kernel and the emulator, loaded with the same state.
type diffPair struct {
	kernel, emu *diffSide
	ix          fixtureIndexes
	seq         uint32
	kh          *netinfo.Handle   // reads the kernel's state to reload mem
	mem         *rtnlemu.Memory   // the emulator's source
	hist        diffHistory       // what the kernel kept of earlier requests
	merged      int               // kernel routes mem keeps as one with another
	aliases4    map[route4Key]int // the kernel's IPv4 routes by key, when mem was loaded
}

// fixtureIndexes are the link indexes corpus requests refer to.
type fixtureIndexes struct {
	lo, veth0, veth1, br0, tun0 uint32
	missing                     uint32
}

func newDiffPair(t testing.TB) *diffPair {
	t.Helper()
	ns := nstest.New(t, "rtdif")
	nstest.Populate(t, ns)
	kh, err := netinfo.Open(netinfo.WithNetNS(ns.Path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kh.Close() })
	state := readKernel(t, kh)
	mem := rtnlemu.NewMemory()
	if err := mem.Load(&state.snap); err != nil {
		t.Fatal(err)
	}
	p := &diffPair{seq: 1000, kh: kh, mem: mem}
	for _, l := range state.links {
		switch l.Name {
		case "lo":
			p.ix.lo = uint32(l.Index)
		case "veth0":
			p.ix.veth0 = uint32(l.Index)
		case "veth1":
			p.ix.veth1 = uint32(l.Index)
		case "br0":
			p.ix.br0 = uint32(l.Index)
		case "tun0":
			p.ix.tun0 = uint32(l.Index)
		}
		p.ix.missing = max(p.ix.missing, uint32(l.Index)+1000)
	}
	ctx := context.Background()
	kt, err := backend_linux.NewTransport(backend_linux.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kt.Close() })
	kc, err := kt.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	et := rtnlemu.New(mem)
	t.Cleanup(func() { et.Close() })
	ec, err := et.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.kernel = &diffSide{name: "kernel", conn: kc, buf: make([]byte, 1<<20)}
	p.emu = &diffSide{name: "rtnlemu", conn: ec, buf: make([]byte, 1<<20)}
	t.Cleanup(func() { kc.Close(); ec.Close() })
	return p
}

// A diffReq is one corpus entry: one or more requests sent back to back
// in datagrams of their own.
type diffReq struct {
	name  string
	msgs  []diffMsg
	reads bool // a read of the baseline state: compare record contents
}

// A diffMsg is one request's header fields and body.
type diffMsg struct {
	typ   uint16
	flags uint16
	body  []byte
}

// frame builds a request's bytes with sequence number seq.
func (m diffMsg) frame(seq uint32) []byte {
	b := make([]byte, 16, 16+len(m.body))
	binary.NativeEndian.PutUint32(b, uint32(16+len(m.body)))
	binary.NativeEndian.PutUint16(b[4:], m.typ)
	binary.NativeEndian.PutUint16(b[6:], m.flags)
	binary.NativeEndian.PutUint32(b[8:], seq)
	return append(b, m.body...)
}

// exchange sends r's requests, then a barrier (a get of lo), and reads
// until the barrier is answered and every dump the requests started has
// ended. It returns one line per answer message.
func (s *diffSide) exchange(ctx context.Context, r diffReq, seq0 uint32, lo uint32, reads bool) ([]string, error) {
	// Dumps that have started and not ended. Both sides answer a
	// dump's first part before the barrier (the kernel makes it within
	// the send); the kernel makes the rest as the reader reads.
	dumps := map[uint32]bool{}
	for i, m := range r.msgs {
		seq := seq0 + uint32(i)
		if err := s.conn.Send(ctx, m.frame(seq)); err != nil {
			return []string{"send: " + errnoName(err)}, nil
		}
	}
	barrier := seq0 + uint32(len(r.msgs))
	if err := s.conn.Send(ctx, diffMsg{typ: 18, flags: 1, body: ifinfo(0, lo, 0, 0)}.frame(barrier)); err != nil {
		return nil, err
	}
	var lines []string
	barrierSeen := false
	for !barrierSeen || len(dumps) > 0 {
		n, err := s.conn.Receive(ctx, s.buf)
		if err != nil {
			return lines, fmt.Errorf("%s: receive: %w (so far %q)", s.name, err, lines)
		}
		b := s.buf[:n]
		for len(b) >= 16 {
			l := binary.NativeEndian.Uint32(b)
			if l < 16 || int(l) > len(b) {
				return lines, fmt.Errorf("%s: bad message length %d", s.name, l)
			}
			typ := binary.NativeEndian.Uint16(b[4:])
			flags := binary.NativeEndian.Uint16(b[6:])
			seq := binary.NativeEndian.Uint32(b[8:])
			body := b[16:l]
			b = b[min(len(b), int(l+3)&^3):]
			if seq == barrier {
				if typ == 2 || typ == 3 {
					barrierSeen = true // an error answering the barrier
				} else if flags&2 == 0 {
					barrierSeen = true
				}
				continue
			}
			idx := seq - seq0
			if seq < seq0 || idx >= uint32(len(r.msgs)) {
				lines = append(lines, fmt.Sprintf("stray seq %d type %d", seq, typ))
				continue
			}
			lines = append(lines, fmt.Sprintf("#%d %s", idx, describeAnswer(typ, flags, body, reads)))
			if typ == 2 || typ == 3 || flags&2 == 0 {
				delete(dumps, seq) // the end, or a single answer
			} else {
				dumps[seq] = true
			}
		}
	}
	// Answers to different requests may interleave differently (the
	// kernel makes a dump's later parts as the reader reads); each
	// request's own answers keep their order.
	sort.SliceStable(lines, func(i, j int) bool { return lines[i][:3] < lines[j][:3] })
	return lines, nil
}

// describeAnswer is one line for an answer message: its kind, errno,
// whether an extended ack is attached, the flags that matter, and for
// reads what the record says.
func describeAnswer(typ, flags uint16, body []byte, reads bool) string {
	var b strings.Builder
	switch typ {
	case 2, 3:
		kind := "error"
		if typ == 3 {
			kind = "done"
		}
		errno := 0
		if len(body) >= 4 {
			errno = -int(int32(binary.NativeEndian.Uint32(body)))
		}
		fmt.Fprintf(&b, "%s %s", kind, errnoName(syscall.Errno(errno)))
		if flags&0x200 != 0 {
			b.WriteString(" +extack")
		}
		if typ == 3 && flags&0x20 != 0 {
			b.WriteString(" filtered")
		}
		return b.String()
	}
	fmt.Fprintf(&b, "data type %d", typ)
	if flags&2 != 0 {
		b.WriteString(" multi")
	}
	if flags&0x20 != 0 {
		b.WriteString(" filtered")
	}
	if reads {
		b.WriteString(" " + recordKey(typ, body))
	}
	return b.String()
}

// recordKey is what a record says that stays put while the test runs
// (not counters, neighbour states or lifetimes).
func recordKey(typ uint16, body []byte) string {
	switch typ {
	case 16:
		l, err := netinfo.DecodeLink(body)
		if err != nil {
			return "undecodable link: " + err.Error()
		}
		return fmt.Sprintf("link %d %s mtu %d flags %#x master %d kind %q", l.Index, l.Name, l.MTU, uint32(l.Flags), l.MasterIndex, l.Kind)
	case 20:
		a, err := netinfo.DecodeAddr(body)
		if err != nil {
			return "undecodable addr: " + err.Error()
		}
		return fmt.Sprintf("addr %d %s %s scope %d", a.Index, a.Family, a.Prefix, a.Scope)
	case 24:
		r, err := netinfo.DecodeRoute(body)
		if err != nil {
			return "undecodable route: " + err.Error()
		}
		return fmt.Sprintf("route %s table %d type %d proto %d dst %s gw %s oif %d prio %d hops %d", r.Family, r.Table, r.Type, r.Protocol, r.Dst, r.Gateway, r.OutIndex, r.Priority, len(r.NextHops))
	case 28:
		n, err := netinfo.DecodeNeighbor(body)
		if err != nil {
			return "undecodable neighbour: " + err.Error()
		}
		return fmt.Sprintf("neigh %s %d %s %s", n.Family, n.Index, n.IP, n.HardwareAddr)
	}
	return fmt.Sprintf("%d bytes", len(body))
}

func errnoName(err error) string {
	if e, ok := err.(syscall.Errno); ok {
		if e == 0 {
			return "ok"
		}
		return fmt.Sprintf("%d(%s)", int(e), e.Error())
	}
	return err.Error()
}

// run sends r to both sides and returns their answers.
func (p *diffPair) run(t testing.TB, r diffReq) (kernel, emu []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	seq := p.seq
	p.seq += uint32(len(r.msgs)) + 1
	var err error
	kernel, err = p.kernel.exchange(ctx, r, seq, p.ix.lo, r.reads)
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	emu, err = p.emu.exchange(ctx, r, seq, p.ix.lo, r.reads)
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	return kernel, emu
}

func TestDifferentialCorpus(t *testing.T) {
	p := newDiffPair(t)
	corpus := diffCorpus(p.ix)
	if len(corpus) < 300 {
		t.Fatalf("corpus has %d requests, want at least 300", len(corpus))
	}
	var same, known, differ int
	for _, r := range corpus {
		k, e := p.run(t, r)
		if strings.Join(k, "\n") == strings.Join(e, "\n") {
			same++
			continue
		}
		if why := knownDifference(r.name); why != "" {
			known++
			t.Logf("known difference: %s (%s)\n  kernel:  %q\n  rtnlemu: %q", r.name, why, k, e)
			continue
		}
		differ++
		t.Errorf("%s:\n  kernel:  %q\n  rtnlemu: %q", r.name, k, e)
	}
	t.Logf("%d requests: %d answered alike, %d known differences, %d differences", len(corpus), same, known, differ)
}

// FuzzDifferential sends the same random request to the kernel and to
// rtnlemu, each time loaded with the kernel's current state, and requires
// the same class of answer: the same sequence of acks, errors (by errno)
// and dump ends, with as many records. Extended-ack text and record
// contents are left to TestDifferentialCorpus; the differences rtnlemu
// documents are excused. It needs root (a network namespace).
//
//	go test -run '^$' -fuzz '^FuzzDifferential$' -fuzztime 10m ./rtnlemu
func FuzzDifferential(f *testing.F) {
	p := newDiffPair(f)
	for _, r := range diffCorpus(p.ix) {
		if len(r.msgs) == 1 {
			m := r.msgs[0]
			f.Add(byte(m.typ), m.flags, m.body)
		}
	}
	f.Fuzz(func(t *testing.T, typ byte, flags uint16, body []byte) {
		m := diffMsg{typ: uint16(typ), flags: flags, body: body}
		if m.typ == 17 || len(body) > 4096 {
			return // RTM_DELLINK: rtnlemu does not delete links
		}
		if (m.typ == 16 || m.typ == 19) && movesLink(body) {
			return // the kernel would move the link out of the namespace under test
		}
		r := diffReq{name: fmt.Sprintf("type %d flags %#x body %x", typ, flags, body), msgs: []diffMsg{m}}
		for try := 0; ; try++ {
			state := readKernel(t, p.kh)
			if err := p.mem.Load(&state.snap); err != nil {
				t.Fatal(err)
			}
			p.noteMerged(t, state.snap.Routes)
			k, e := p.run(t, r)
			kc, ec := answerClass(k), answerClass(e)
			excused := kc == ec || p.knownClassDifference(t, m, kc, ec)
			p.hist.note(m, kc)
			if excused {
				return
			}
			if !readsOnly(m) || try == 4 {
				t.Fatalf("%s:\n  kernel:  %s\n  rtnlemu: %s", r.name, kc, ec)
			}
			// The kernel may still be making an earlier input's
			// consequences (linkwatch and IPv6 address configuration run
			// later, addresses and routes coming with them) after the
			// state rtnlemu was loaded with was read. A read changes
			// nothing, so it is asked again on the settled state; a real
			// difference stays.
			time.Sleep(250 * time.Millisecond)
		}
	})
}

// readsOnly tells whether a request is a read (RTM_GET*), which changes
// no state.
func readsOnly(m diffMsg) bool {
	return m.typ >= 16 && (m.typ-16)%4 == 2
}

// answerClass reduces answer lines to their kinds and errnos, counting
// records.
func answerClass(lines []string) string {
	var out []string
	records := 0
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 {
			out = append(out, l)
			continue
		}
		switch f[1] {
		case "data":
			records++
			continue
		case "error", "done":
			if records > 0 {
				out = append(out, fmt.Sprintf("%d records", records))
				records = 0
			}
			out = append(out, f[1]+" "+f[2])
		default:
			out = append(out, l)
		}
	}
	if records > 0 {
		out = append(out, fmt.Sprintf("%d records", records))
	}
	return strings.Join(out, "; ")
}

// knownClassDifference excuses the differences rtnlemu documents, each
// for the requests that meet it alone.
func (p *diffPair) knownClassDifference(t testing.TB, m diffMsg, kernel, emu string) bool {
	family := byte(0)
	if len(m.body) > 0 {
		family = m.body[0]
	}
	dump := m.flags&fDump != 0
	served := m.typ < 16 || m.typ > 0xff
	switch m.typ {
	case 16, 18, 19, 20, 21, 22, 24, 25, 26, 28, 29, 30:
		served = true
	}
	switch {
	case !served && strings.HasPrefix(emu, "error 95("):
		return true // message types rtnlemu does not serve
	case m.typ == 26 && !dump:
		return true // route lookups
	case m.typ == 26 && dump && p.merged > 0 && fewerRecords(kernel, emu, p.merged):
		return true // routes the kernel keeps apart and a Source as one (IPv4 aliases, IPv6 sources of one length)
	case m.typ == 18 && dump && (family == 7 || family == 10), m.typ == 30 && dump && family == 7,
		(m.typ == 28 || m.typ == 29 || m.typ == 16 || m.typ == 19) && family == 7:
		return true // per-family dumps of other handlers
	case m.typ == 16 && m.flags&fCreate != 0:
		return true // creating links
	case (m.typ == 16 || m.typ == 19) && attachesXDP(m.body) && strings.HasPrefix(emu, "error 95(") &&
		(strings.HasPrefix(kernel, "error 9(") || strings.HasPrefix(kernel, "error 22(")):
		return true // attaching an XDP program: the descriptor is the kernel's requester's
	case (m.typ == 16 || m.typ == 19) && lastAttrOf(m.body[min(16, len(m.body)):], 26) != nil && strings.HasPrefix(emu, "error 95(") &&
		(kernel == "error ok" || kernel == ""):
		return true // per-family link settings (IFLA_AF_SPEC) a Source does not keep
	case (m.typ == 16 || m.typ == 19) && linkIndex(m.body) == p.ix.tun0 && carrierOff(m.body) &&
		strings.HasPrefix(emu, "error 95(") && (kernel == "error ok" || kernel == ""):
		return true // a tun's carrier turned off
	case (m.typ == 16 || m.typ == 19) && setsMTU0(m.body) && strings.HasPrefix(emu, "error 95("):
		return true // loopback's MTU 0
	case m.typ == 20 && len(m.body) >= 8 && nonZeroU32(lastAttrOf(m.body[8:], 9)) && strings.HasPrefix(emu, "error 95(") &&
		(kernel == "error ok" || kernel == "" || kernel == "1 records" || kernel == "1 records; error ok"):
		return true // an address's metric (IFA_RT_PRIORITY), which a Source does not keep
	case m.typ == 28 && len(m.body) >= 12 && nonZeroU32(lastAttrOf(m.body[12:], 15)) && strings.HasPrefix(emu, "error 95(") &&
		(kernel == "error ok" || kernel == ""):
		return true // a neighbour's extended flags (NDA_FLAGS_EXT), which a Source does not keep
	case m.typ == 26 && dump && (family == 28 || family == 128 || family == 129) && emu == "done ok":
		return true // route dumps of multicast routing and MPLS, which the reference kernel is built without
	case m.typ == 24 && strings.HasPrefix(kernel, "error 95(") && encapsMPLS(m.body):
		return true // MPLS encapsulation, which the reference kernel is built without
	case m.typ == 16 && (kernel == "error ok" || kernel == "" || strings.HasPrefix(kernel, "error 34(") || strings.HasPrefix(kernel, "error 22(")) &&
		strings.HasPrefix(emu, "error 95(") && changesBridgeOptions(m.body):
		return true // a bridge's options, a bridge port's (which the driver may refuse for their values)
	case strings.Contains(kernel, "101(") || strings.Contains(kernel, "100("):
		return true // gateway reachability, links down
	case strings.HasPrefix(kernel, "error 22(") && p.refusedGateway(t, m, syscall.EINVAL),
		strings.HasPrefix(kernel, "error 113(") && p.refusedGateway(t, m, syscall.EHOSTUNREACH),
		strings.HasPrefix(kernel, "error 13(") && p.refusedGateway(t, m, syscall.EACCES):
		return true // a gateway the kernel's lookup finds behind a route of another type
	case looksUpGateway6(m, kernel):
		return true // an IPv6 gateway the kernel looks up
	case m.typ == 24 && family == 2 && m.flags&fExcl == 0 && strings.HasPrefix(emu, "error 17(") &&
		(kernel == "" || strings.HasSuffix(kernel, "error ok")),
		m.typ == 24 && family == 2 && m.flags&fReplace != 0 && strings.HasPrefix(kernel, "error 17(") &&
			(emu == "" || strings.HasSuffix(emu, "error ok") || strings.HasPrefix(emu, "1 records")) && p.replacesAlias(m):
		// The second: a replace whose route matches an alias other
		// than the first is EEXIST (fib_table_insert).
		return true // IPv4 route aliases
	case m.typ == 21 && family == 2:
		return true // a delete naming no address
	case m.typ == 20 && p.hist.rejoins(m) && strings.HasPrefix(kernel, "error 98(") && (emu == "error ok" || emu == ""):
		return true // a multicast membership the kernel kept from an address gone with its link's IPv6
	case m.typ == 24 && family == 2 && m.flags&(fReplace|fExcl|fEcho) == fReplace|fEcho &&
		(unreportedFlags(m.body) || p.hist.replacesUnreported(m)) &&
		(kernel == "1 records; error ok" || kernel == "1 records") && (emu == "error ok" || emu == ""),
		m.typ == 24 && family == 2 && m.flags&(fReplace|fExcl|fEcho) == fReplace|fEcho && carriesUnkept(m.body) &&
			(emu == "1 records; error ok" || emu == "1 records") && (kernel == "error ok" || kernel == ""):
		return true // replacing an IPv4 route by itself: what the kernel keeps of a route and does not report
	case (m.typ == 24 || m.typ == 25) && p.hist.otherSource(m) &&
		(strings.HasSuffix(kernel, "error ok") || kernel == "" || strings.HasPrefix(kernel, "error 3(")) &&
		(strings.HasSuffix(emu, "error ok") || emu == "" || strings.HasPrefix(emu, "error 17(") || strings.HasPrefix(emu, "error 3(")):
		return true // IPv6 routes from source prefixes of one length and other addresses
	case m.typ == 25 && family == 10 && strings.HasPrefix(kernel, "error 2(") && strings.HasPrefix(emu, "error 3("),
		m.typ == 25 && family == 10 && deletesCached(m.body) && (kernel == "error ok" || kernel == "") && strings.HasPrefix(emu, "error 3("),
		m.typ == 26 && dump && kernel == "done ok" && strings.HasPrefix(emu, "done 2("):
		return true // a table left empty (by a failed add) exists only in the kernel
	}
	return false
}

// carriesUnkept tells whether an IPv4 route request carries what a
// Source's route does not keep, so that rtnlemu cannot tell it equal to
// a route the kernel has: a realm (RTA_FLOW), an encapsulation, RTA_VIA,
// or a metric other than MTU, ADVMSS, INITCWND, FEATURES and INITRWND,
// on the route or on a next hop.
func carriesUnkept(body []byte) bool {
	if len(body) < 12 {
		return false
	}
	attrs := body[12:]
	if lastAttrOf(attrs, 11) != nil || lastAttrOf(attrs, 21) != nil || lastAttrOf(attrs, 18) != nil || lastAttrOf(attrs, 22) != nil {
		return true
	}
	for mx := lastAttrOf(attrs, 8); len(mx) >= 4; {
		typ, _, rest, ok := nlmsg.SplitAttr(mx)
		if !ok {
			break
		}
		switch typ {
		case 0, 2, 8, 11, 12, 14:
		default:
			return true
		}
		mx = rest
	}
	for _, hop := range hopsOf(lastAttrOf(attrs, 9)) {
		if lastAttrOf(hop, 11) != nil || lastAttrOf(hop, 18) != nil || lastAttrOf(hop, 22) != nil {
			return true
		}
	}
	return false
}

// encapsMPLS tells whether a route request names the MPLS encapsulation
// type: its last RTA_ENCAP_TYPE, or a next hop's first.
func encapsMPLS(body []byte) bool {
	if len(body) < 12 {
		return false
	}
	isMPLS := func(t []byte) bool { return len(t) >= 2 && binary.NativeEndian.Uint16(t) == 1 }
	if isMPLS(lastAttrOf(body[12:], 21)) {
		return true
	}
	for _, attrs := range hopsOf(lastAttrOf(body[12:], 9)) {
		if isMPLS(firstAttrOf(attrs, 21)) {
			return true
		}
	}
	return false
}

// hopsOf yields the rtnh_flags and attributes of each well-formed next
// hop of an RTA_MULTIPATH value, up to the first malformed one.
func hopsOf(mp []byte) iter.Seq2[uint8, []byte] {
	return func(yield func(uint8, []byte) bool) {
		for len(mp) >= 8 {
			l := int(binary.NativeEndian.Uint16(mp))
			if l < 8 || l > len(mp) || !yield(mp[2], mp[8:l]) {
				return
			}
			mp = mp[min(len(mp), (l+3)&^3):]
		}
	}
}

// firstAttrOf is the value of the first well-formed attribute of type
// typ (flags removed) in b, or nil.
func firstAttrOf(b []byte, typ uint16) []byte {
	for len(b) >= 4 {
		t, data, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			break
		}
		if t == typ {
			return data
		}
		b = rest
	}
	return nil
}

// deletesCached tells whether a route request's rtm_flags has
// RTM_F_CLONED, which makes an IPv6 delete look in the route cache.
func deletesCached(body []byte) bool {
	return len(body) >= 12 && binary.NativeEndian.Uint32(body[8:12])&linux.RTM_F_CLONED != 0
}

// changesBridgeOptions tells whether a new-link request carries bridge
// driver data (IFLA_INFO_KIND "bridge" with IFLA_INFO_DATA) or port data
// (IFLA_INFO_SLAVE_DATA) in its last IFLA_LINKINFO, which the kernel's
// bridge driver applies and rtnlemu refuses.
func changesBridgeOptions(body []byte) bool {
	if len(body) < 16 {
		return false
	}
	info := lastAttrOf(body[16:], 18)
	if info == nil {
		return false
	}
	kind := lastAttrOf(info, 1)
	if i := bytes.IndexByte(kind, 0); i >= 0 {
		kind = kind[:i]
	}
	return lastAttrOf(info, 2) != nil && string(kind) == "bridge" || lastAttrOf(info, 5) != nil
}

// attachesXDP tells whether a link change's last IFLA_XDP names a
// program to attach (an IFLA_XDP_FD of 0 or more), which the kernel
// looks up among the requester's descriptors (EBADF, or EINVAL for one
// that is not a BPF program) and rtnlemu refuses.
func attachesXDP(body []byte) bool {
	if len(body) < 16 {
		return false
	}
	fd := lastAttrOf(lastAttrOf(body[16:], 43), 1)
	return len(fd) >= 4 && int32(binary.NativeEndian.Uint32(fd)) >= 0
}

// nonZeroU32 tells whether v is a u32 attribute's value other than 0.
func nonZeroU32(v []byte) bool { return len(v) >= 4 && binary.NativeEndian.Uint32(v) != 0 }

// lastAttrOf is the value of the last well-formed attribute of type typ
// (flags removed) in b, or nil.
func lastAttrOf(b []byte, typ uint16) []byte {
	var v []byte
	for len(b) >= 4 {
		t, data, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			break
		}
		if t == typ {
			v = data
		}
		b = rest
	}
	return v
}

// movesLink tells whether a link change's body names another namespace
// by pid or fd (IFLA_NET_NS_PID, IFLA_NET_NS_FD), which the kernel
// follows, moving the link away (rtnlemu refuses it: it serves one
// namespace).
func movesLink(body []byte) bool {
	if len(body) < 16 {
		return false
	}
	b := body[16:]
	for len(b) >= 4 {
		typ, _, rest, ok := nlmsg.SplitAttr(b)
		if !ok {
			break
		}
		if typ == 19 || typ == 28 {
			return true
		}
		b = rest
	}
	return false
}

// setsMTU0 tells whether a link change's last IFLA_MTU is 0, which the
// kernel takes for loopback and rtnlemu refuses.
func setsMTU0(body []byte) bool {
	if len(body) < 16 {
		return false
	}
	mtu := lastAttrOf(body[16:], 4)
	return len(mtu) >= 4 && binary.NativeEndian.Uint32(mtu) == 0
}
