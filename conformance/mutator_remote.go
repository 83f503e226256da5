package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The remote mutator protocol lets a test binary ask another process,
// which can change the system under test, to make its changes: the
// Windows test binary under Wine asks its Linux parent to run ip in the
// namespace. The two share a directory (under Wine, the Linux directory
// through its Z: drive path). For each change the binary writes
// req-NNNNNN.json, holding a Mutation; the server makes the change and
// writes resp-NNNNNN.json, holding {"error": "..."} ("" for success).
// Files appear by rename, so neither side reads a half-written one.
// Plain files need nothing from the process runner (no stdin, no
// sockets across Wine) and work the same on every OS.

// remotePoll is how often either side looks for the other's file.
const remotePoll = 20 * time.Millisecond

type remoteResponse struct {
	Error string `json:"error"`
}

// A RemoteMutator sends its changes to a ServeMutations server through
// a shared directory.
type RemoteMutator struct {
	// Dir is the shared directory, as this process names it.
	Dir string
	// Ops are the changes the server supports.
	Ops []Op

	mu  sync.Mutex
	seq int
}

// Supports reports whether op is among Ops.
func (m *RemoteMutator) Supports(op Op) bool { return slices.Contains(m.Ops, op) }

// Mutate asks the server to make mut and waits for its answer.
func (m *RemoteMutator) Mutate(ctx context.Context, mut Mutation) error {
	m.mu.Lock() // one change at a time, in order
	defer m.mu.Unlock()
	m.seq++
	req := filepath.Join(m.Dir, fmt.Sprintf("req-%06d.json", m.seq))
	resp := filepath.Join(m.Dir, fmt.Sprintf("resp-%06d.json", m.seq))
	b, err := json.Marshal(mut)
	if err != nil {
		return err
	}
	if err := writeByRename(req, b); err != nil {
		return fmt.Errorf("%s: sending the request: %w", mut, err)
	}
	tick := time.NewTicker(remotePoll)
	defer tick.Stop()
	for {
		b, err := os.ReadFile(resp)
		if err == nil {
			os.Remove(resp)
			var r remoteResponse
			if err := json.Unmarshal(b, &r); err != nil {
				return fmt.Errorf("%s: bad response %q: %w", mut, b, err)
			}
			if r.Error != "" {
				return fmt.Errorf("%s: remote: %s", mut, r.Error)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: no response from the mutation server in %s: %w", mut, m.Dir, ctx.Err())
		case <-tick.C:
		}
	}
}

// writeByRename writes b to path through a temporary name, so that the
// reader sees the whole file or none.
func writeByRename(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ServeMutations answers a RemoteMutator's requests in dir with m until
// ctx ends, then returns nil; it returns early only if dir cannot be
// read. Changes are made in request order, one at a time.
func ServeMutations(ctx context.Context, dir string, m Mutator) error {
	tick := time.NewTicker(remotePoll)
	defer tick.Stop()
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		var reqs []string
		for _, e := range entries {
			if n := e.Name(); strings.HasPrefix(n, "req-") && strings.HasSuffix(n, ".json") {
				reqs = append(reqs, n)
			}
		}
		slices.Sort(reqs) // zero-padded sequence numbers
		for _, name := range reqs {
			serveOne(ctx, dir, name, m)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// serveOne answers one request file.
func serveOne(ctx context.Context, dir, name string, m Mutator) {
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		return // gone meanwhile; nothing to answer
	}
	os.Remove(path)
	var resp remoteResponse
	var mut Mutation
	switch err := json.Unmarshal(b, &mut); {
	case err != nil:
		resp.Error = fmt.Sprintf("bad request %q: %v", b, err)
	case !m.Supports(mut.Op):
		resp.Error = fmt.Sprintf("%s: %v", mut.Op, ErrUnsupportedOp)
	default:
		if err := m.Mutate(ctx, mut); err != nil {
			resp.Error = err.Error()
		}
	}
	out, _ := json.Marshal(resp)
	respName := "resp-" + strings.TrimPrefix(name, "req-")
	if err := writeByRename(filepath.Join(dir, respName), out); err != nil && !errors.Is(err, os.ErrNotExist) {
		return // the requester times out and reports it
	}
}
