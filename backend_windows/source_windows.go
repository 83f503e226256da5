//go:build windows

package backend_windows

import (
	"context"

	"github.com/rtnlx/rtnlx/rtnlemu"
)

// A winSource is the machine's network state read through the IP Helper
// API. It implements rtnlemu.Source, rtnlemu.Notifier and the setters
// rtnlemu knows (links: MTU only). It is safe for concurrent use: every
// call reads fresh tables and keeps no state between calls.
type winSource struct {
	opts options
}

// newSource makes a winSource. It fails when iphlpapi.dll cannot be loaded
// or lacks the table readers it cannot work without.
func newSource(opts ...Option) (*winSource, error) {
	s := &winSource{opts: defaultOptions()}
	for _, o := range opts {
		o(&s.opts)
	}
	if err := modIphlpapi.Load(); err != nil {
		return nil, err
	}
	for _, p := range []interface{ Find() error }{procGetAdaptersAddresses, procFreeMibTable} {
		if err := p.Find(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Snapshot reads the tables the kinds need and translates them.
func (s *winSource) Snapshot(ctx context.Context, kinds rtnlemu.Kind) (*rtnlemu.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t, err := readTables(kinds)
	if err != nil {
		return nil, err
	}
	return translate(t, kinds), nil
}

// Monitor reports changes until ctx ends: interface, address and route
// notifications as they come, and polling for neighbours and for any kind
// whose notifications have not fired yet.
func (s *winSource) Monitor(ctx context.Context, changes chan<- rtnlemu.Change) error {
	m := &monitor{subs: notifySubscriptions(), pollInterval: s.opts.pollInterval}
	return m.run(ctx, changes)
}

// NewTransport serves the machine's network state as RTNL: the transport
// netinfo.Open uses on Windows.
func NewTransport(opts ...Option) (*rtnlemu.Transport, error) {
	src, err := newSource(opts...)
	if err != nil {
		return nil, err
	}
	return rtnlemu.New(src, rtnlemu.WithPollInterval(src.opts.pollInterval)), nil
}
