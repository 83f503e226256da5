package main

import (
	"bytes"
	"strconv"
	"time"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file prints a neighbour as ip's print_neigh does, in each of its
// forms: the full line, with -s the entry's cache info (ages and
// references) and probes, and with -br print_neigh_brief's columns.

// neighForm is how a neighbour is printed.
type neighForm struct {
	hideDev bool // the listing names one device (ip's filter.index)
	stats   bool // -s: the cache info and probes
	brief   bool // -br: address, device and link-layer address only
	deleted bool // a deleted entry (monitor, JSON)
	// noProbes leaves out -s's probes, for a message without NDA_PROBES
	// (a bridge's FDB entry), where ip prints none, and the space after
	// them.
	noProbes bool
}

// appendNeighText appends a neighbour's text line.
func appendNeighText(b []byte, n *netinfo.Neighbor, names linkNames, f neighForm) []byte {
	if f.brief {
		return appendNeighBrief(b, n, names, f)
	}
	if n.IP.IsValid() {
		b = n.IP.AppendTo(b)
	}
	if n.Index != 0 && !f.hideDev {
		b = append(b, " dev "...)
		b = append(b, names.name(n.Index)...)
	}
	if len(n.HardwareAddr) > 0 {
		b = append(b, " lladdr "...)
		b = append(b, n.HardwareAddr.String()...)
	}
	for _, fw := range neighFlagWords {
		if n.Flags&fw.flag != 0 {
			b = append(b, ' ')
			b = append(b, fw.word...)
		}
	}
	if c := n.CacheInfo; f.stats && c != nil {
		// ip prints " ref N used U/C/Dprobes P " after a field that
		// ends with a space: two spaces before, none before "probes".
		b = append(b, ' ')
		if c.RefCount != 0 {
			b = append(b, " ref "...)
			b = strconv.AppendUint(b, uint64(c.RefCount), 10)
		}
		b = append(b, " used "...)
		b = strconv.AppendInt(b, seconds(c.Used), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, seconds(c.Confirmed), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, seconds(c.Updated), 10)
		if !f.noProbes {
			b = append(b, "probes "...)
			b = strconv.AppendUint(b, uint64(c.Probes), 10)
		}
	}
	if n.State != netinfo.NeighNone {
		if !f.noProbes || !f.stats || n.CacheInfo == nil { // ip's state follows "used U/C/D" with no space
			b = append(b, ' ')
		}
		b = append(b, n.State.String()...)
	}
	if n.Protocol != 0 {
		b = append(b, " proto "...)
		b = append(b, n.Protocol.String()...)
	}
	return append(b, '\n')
}

// appendNeighBrief appends print_neigh_brief's line: the address in 39
// columns, the device in 16, the link-layer address.
func appendNeighBrief(b []byte, n *netinfo.Neighbor, names linkNames, f neighForm) []byte {
	if n.IP.IsValid() {
		b = appendPadded(b, n.IP.String(), 39)
	}
	if n.Index != 0 && !f.hideDev {
		b = appendPadded(b, names.name(n.Index), 16)
	}
	if len(n.HardwareAddr) > 0 {
		b = append(b, n.HardwareAddr.String()...)
	}
	return append(bytes.TrimRight(b, " "), '\n') // as text.go's lines, without ip's trailing spaces
}

// seconds is ip's ticks / hz: whole seconds, rounded down.
func seconds(d time.Duration) int64 { return int64(d / time.Second) }

// appendNeighFormJSON adds one `ip -j neigh` object in form f.
func appendNeighFormJSON(b []byte, n *netinfo.Neighbor, names linkNames, f neighForm) []byte {
	o := beginObject(b)
	if f.deleted {
		o.boolean("deleted", true)
	}
	if n.IP.IsValid() {
		o.addr("dst", n.IP)
	}
	if n.Index != 0 && !f.hideDev {
		o.str("dev", names.name(n.Index))
	}
	if len(n.HardwareAddr) > 0 {
		o.str("lladdr", n.HardwareAddr.String())
	}
	if f.brief {
		return o.end()
	}
	for _, fw := range neighFlagWords {
		if n.Flags&fw.flag != 0 {
			o.null(fw.word)
		}
	}
	if c := n.CacheInfo; f.stats && c != nil {
		o.nonZero("refcnt", uint64(c.RefCount))
		o.uint("used", uint64(seconds(c.Used)))
		o.uint("confirmed", uint64(seconds(c.Confirmed)))
		o.uint("updated", uint64(seconds(c.Updated)))
		o.uint("probes", uint64(c.Probes))
	}
	if n.State != netinfo.NeighNone {
		o.strings("state", n.State.Words())
	}
	if n.Protocol != 0 {
		o.str("protocol", n.Protocol.String())
	}
	return o.end()
}
