package netinfo_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/netip"
	"time"

	"github.com/jsimonetti/rtnetlink/v2"

	"github.com/rtnlx/rtnlx/netinfo"
	"github.com/rtnlx/rtnlx/rtnlemu"
)

// A consumer that keeps its own routes watches without the library's
// view: it starts from the initial state, applies the events that follow,
// and reads the routes again whenever the watcher says events were lost
// (EventResyncDone).
// The callback's Event is reused: copy what you keep.
func ExampleHandle_WatchFunc() {
	mem := exampleNetwork()
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(mem)))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	routes := map[netip.Prefix]netinfo.Route{} // the consumer's own state
	reread := func() error {
		clear(routes)
		for r, err := range h.RoutesSeq(ctx, netinfo.RouteFilter{}) {
			if err != nil {
				return err
			}
			routes[r.Dst] = r
		}
		return nil
	}
	errSeen := errors.New("seen the change")
	err = h.WatchFunc(ctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
		switch ev.Type {
		case netinfo.EventInitialDone:
			// Subscribed before the initial dump: nothing is missed.
			fmt.Println("routes:", len(routes))
			// Something else changes the network.
			mem.PutRoute(rtnetlink.RouteMessage{Family: uint8(netinfo.FamilyInet), DstLength: 24, Table: uint8(netinfo.TableMain),
				Protocol: uint8(netinfo.ProtoStatic), Type: uint8(netinfo.RouteBlackhole),
				Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(198, 51, 100, 0), Table: uint32(netinfo.TableMain)}})
		case netinfo.EventResyncDone: // events were lost
			return reread()
		case netinfo.EventNew:
			routes[ev.Route.Dst] = *ev.Route // a copy: ev is reused
			if ev.Route.Dst == netip.MustParsePrefix("198.51.100.0/24") {
				fmt.Println(ev.Type, ev.Route.Type, ev.Route.Dst, "routes:", len(routes))
				return errSeen
			}
		case netinfo.EventDel:
			delete(routes, ev.Route.Dst)
		}
		return nil
	}, netinfo.WithInitialState())
	if !errors.Is(err, errSeen) {
		log.Fatal(err)
	}
	// Output:
	// routes: 2
	// new blackhole 198.51.100.0/24 routes: 3
}

// A consumer that wants Watch's events (the view's: no duplicates, the
// changes Linux makes without a message, the difference after an
// overflow) at WatchFunc's cost, in its own goroutine: WithView.
func ExampleWithView() {
	mem := exampleNetwork()
	h, err := netinfo.Open(netinfo.WithTransport(rtnlemu.New(mem)))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	errSeen := errors.New("seen the change")
	err = h.WatchFunc(ctx, netinfo.WatchRoutes, func(ev *netinfo.Event) error {
		switch ev.Type {
		case netinfo.EventInitialDone:
			mem.PutRoute(rtnetlink.RouteMessage{Family: uint8(netinfo.FamilyInet), DstLength: 24, Table: uint8(netinfo.TableMain),
				Protocol: uint8(netinfo.ProtoStatic), Type: uint8(netinfo.RouteBlackhole),
				Attributes: rtnetlink.RouteAttributes{Dst: net.IPv4(198, 51, 100, 0), Table: uint32(netinfo.TableMain)}})
		case netinfo.EventNew, netinfo.EventDel:
			fmt.Println(ev.Type, ev.Route.Type, ev.Route.Dst)
			if ev.Route.Dst == netip.MustParsePrefix("198.51.100.0/24") {
				return errSeen
			}
		}
		return nil
	}, netinfo.WithView(), netinfo.WithInitialState())
	if !errors.Is(err, errSeen) {
		log.Fatal(err)
	}
	// Output:
	// new unicast 0.0.0.0/0
	// new unicast 192.0.2.0/24
	// new blackhole 198.51.100.0/24
}
