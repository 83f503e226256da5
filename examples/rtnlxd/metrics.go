package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlremote"
)

// scrapeTimeout bounds the dumps one scrape makes.
const scrapeTimeout = 10 * time.Second

// A collector reads the network state for each scrape from a handle on
// the daemon's backend, and the server's counters; the events it counts
// come from a watcher of its own (watch).
type collector struct {
	h     *netinfo.Handle
	stats func() rtnlremote.Stats

	events  *prometheus.CounterVec
	resyncs prometheus.Counter
}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc("rtnlxd_"+name, help, labels, nil)
}

var (
	linkCounters = []struct {
		d   *prometheus.Desc
		get func(*netinfo.LinkStats) uint64
	}{
		{desc("link_receive_bytes_total", "Bytes received by the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.RxBytes }},
		{desc("link_transmit_bytes_total", "Bytes sent by the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.TxBytes }},
		{desc("link_receive_packets_total", "Packets received by the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.RxPackets }},
		{desc("link_transmit_packets_total", "Packets sent by the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.TxPackets }},
		{desc("link_receive_errors_total", "Receive errors of the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.RxErrors }},
		{desc("link_transmit_errors_total", "Transmit errors of the link.", "link"), func(s *netinfo.LinkStats) uint64 { return s.TxErrors }},
		{desc("link_receive_drops_total", "Received packets the link dropped.", "link"), func(s *netinfo.LinkStats) uint64 { return s.RxDropped }},
		{desc("link_transmit_drops_total", "Packets to send the link dropped.", "link"), func(s *netinfo.LinkStats) uint64 { return s.TxDropped }},
	}
	descCarrier   = desc("link_carrier_changes_total", "Carrier ups and downs of the link (Linux).", "link")
	descOperState = desc("link_oper_state", "1 for the link's RFC 2863 operational state (UP, DOWN, DORMANT, ...), as ip prints it.", "link", "state")
	descMTU       = desc("link_mtu_bytes", "The link's MTU.", "link")
	descAddrs     = desc("addresses", "Addresses, by family.", "family")
	descRoutes    = desc("routes", "Routes, by family and routing table.", "family", "table")
	descNeighs    = desc("neighbors", "Neighbour entries, by family.", "family")
	descClients   = desc("clients", "Clients connected.")
	descAccepted  = desc("clients_accepted_total", "Clients accepted.")
	descMalformed = desc("clients_malformed_total", "Clients disconnected for bytes that are not netlink frames.")
	descRefused   = desc("refused_changes_total", "Change requests refused with EPERM.")
	descOverflows = desc("client_overflows_total", "Times a client's queue overflowed: each makes that client's watcher resync.")
	descDrops     = desc("client_dropped_events_total", "Event datagrams dropped for clients whose queues were full.")
	descScrapeErr = desc("scrape_error", "1 when this scrape could not dump some of the state (see the daemon's log).")
)

// newCollector makes a collector and registers it, with its event
// counters, in reg.
func newCollector(reg *prometheus.Registry, h *netinfo.Handle, stats func() rtnlremote.Stats) (*collector, error) {
	c := &collector{
		h:     h,
		stats: stats,
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rtnlxd_events_total", Help: "Events seen by the daemon's own watcher, by kind (link, address, route, neighbor) and type (new, del).",
		}, []string{"kind", "type"}),
		resyncs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rtnlxd_resyncs_total", Help: "Resyncs of the daemon's own watcher after the backend dropped events.",
		}),
	}
	for _, col := range []prometheus.Collector{c, c.events, c.resyncs} {
		if err := reg.Register(col); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Describe sends the descriptors of every metric the collector makes.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, lc := range linkCounters {
		ch <- lc.d
	}
	for _, d := range []*prometheus.Desc{descCarrier, descOperState, descMTU, descAddrs, descRoutes, descNeighs,
		descClients, descAccepted, descMalformed, descRefused, descOverflows, descDrops, descScrapeErr} {
		ch <- d
	}
}

// Collect dumps the state and sends its metrics.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	failed := 0.0
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}

	if links, err := c.h.Links(ctx); err != nil {
		failed = 1
	} else {
		for _, l := range links {
			if l.Stats != nil {
				for _, lc := range linkCounters {
					counter(lc.d, float64(lc.get(l.Stats)), l.Name)
				}
			}
			counter(descCarrier, float64(l.CarrierChanges), l.Name)
			gauge(descOperState, 1, l.Name, l.OperState.String())
			gauge(descMTU, float64(l.MTU), l.Name)
		}
	}
	if addrs, err := c.h.Addrs(ctx, netinfo.AddrFilter{}); err != nil {
		failed = 1
	} else {
		n := map[string]int{}
		for _, a := range addrs {
			n[a.Family.String()]++
		}
		for f, v := range n {
			gauge(descAddrs, float64(v), f)
		}
	}
	if routes, err := c.h.Routes(ctx, netinfo.RouteFilter{}); err != nil {
		failed = 1
	} else {
		type key struct{ family, table string }
		n := map[key]int{}
		for _, r := range routes {
			n[key{r.Family.String(), r.Table.String()}]++
		}
		for k, v := range n {
			gauge(descRoutes, float64(v), k.family, k.table)
		}
	}
	if neighs, err := c.h.Neighbors(ctx, netinfo.NeighFilter{}); err != nil {
		failed = 1
	} else {
		n := map[string]int{}
		for _, nb := range neighs {
			n[nb.Family.String()]++
		}
		for f, v := range n {
			gauge(descNeighs, float64(v), f)
		}
	}
	s := c.stats()
	gauge(descClients, float64(s.Clients))
	counter(descAccepted, float64(s.Accepted))
	counter(descMalformed, float64(s.Malformed))
	counter(descRefused, float64(s.Refused))
	counter(descOverflows, float64(s.Overflows))
	counter(descDrops, float64(s.Drops))
	gauge(descScrapeErr, failed)
}

// count counts w's events until it ends.
func (c *collector) count(ctx context.Context, w *netinfo.Watcher) error {
	for ev := range w.Events() {
		kind := ""
		switch {
		case ev.Type == netinfo.EventResyncStart:
			c.resyncs.Inc()
			continue
		case ev.Link != nil:
			kind = "link"
		case ev.Addr != nil:
			kind = "address"
		case ev.Route != nil:
			kind = "route"
		case ev.Neighbor != nil:
			kind = "neighbor"
		default:
			continue
		}
		c.events.WithLabelValues(kind, ev.Type.String()).Inc()
	}
	if err := w.Err(); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// backendDialer lets netinfo open a handle on the daemon's backend.
type backendDialer func(context.Context) (rtnlremote.Conn, error)

func (d backendDialer) Dial(ctx context.Context) (rtnlremote.Conn, error) { return d(ctx) }

// startMetrics serves Prometheus metrics on addr ("" serves none) until
// the returned stop is called.
func startMetrics(addr string, be *backend, srv *rtnlremote.Server, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	h, err := netinfo.Open(netinfo.WithTransport(backendDialer(be.dial)))
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	c, err := newCollector(reg, h, srv.Stats)
	if err != nil {
		h.Close()
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		h.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError)}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, cancel := context.WithCancel(context.Background())
	w, err := h.Watch(ctx, netinfo.WatchAll)
	if err != nil {
		cancel()
		l.Close()
		h.Close()
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := c.count(ctx, w); err != nil {
			log.Error("rtnlxd: metrics: event watch ended", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
			log.Error("rtnlxd: metrics: http", "err", err)
		}
	}()
	log.Info("rtnlxd: metrics", "addr", "http://"+l.Addr().String()+"/metrics")
	return func() {
		cancel()
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		hs.Shutdown(sctx)
		scancel()
		wg.Wait()
		h.Close()
	}, nil
}
