// Command routeget prints netinfo's RouteGet answers, one JSON object a
// line, for the destinations on its command line: the Wine test runs
// its Windows build and compares them with `ip route get`.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"

	"github.com/rtnlx/rtnlx/netinfo"
)

func main() {
	h, err := netinfo.Open()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer h.Close()
	for _, arg := range os.Args[1:] {
		out := map[string]any{"query": arg}
		l, err := h.RouteGet(context.Background(), netinfo.RouteQuery{Dst: netip.MustParseAddr(arg)})
		if err != nil {
			out["error"] = err.Error()
		} else {
			out["type"] = l.Type.String()
			out["gateway"] = addr(l.NextHop.Gateway)
			out["oif"] = l.NextHop.OutIndex
			out["prefsrc"] = addr(l.Src)
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}

func addr(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
