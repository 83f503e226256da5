package rtnlemu

import (
	"slices"

	"github.com/jsimonetti/rtnetlink/v2"
)

// Deep copies of records, so that Memory never shares memory with its
// callers: what it stores cannot change under a snapshot already handed
// out.

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneLink(m *rtnetlink.LinkMessage) rtnetlink.LinkMessage {
	out := *m
	if m.Attributes == nil {
		return out
	}
	a := *m.Attributes
	a.Address = slices.Clone(a.Address)
	a.Broadcast = slices.Clone(a.Broadcast)
	a.Alias = clonePtr(a.Alias)
	a.Carrier = clonePtr(a.Carrier)
	a.CarrierChanges = clonePtr(a.CarrierChanges)
	a.CarrierUpCount = clonePtr(a.CarrierUpCount)
	a.CarrierDownCount = clonePtr(a.CarrierDownCount)
	a.Index = clonePtr(a.Index)
	a.LinkMode = clonePtr(a.LinkMode)
	a.NetDevGroup = clonePtr(a.NetDevGroup)
	a.PhysPortID = clonePtr(a.PhysPortID)
	a.PhysPortName = clonePtr(a.PhysPortName)
	a.PhysSwitchID = clonePtr(a.PhysSwitchID)
	a.Master = clonePtr(a.Master)
	a.Stats = clonePtr(a.Stats)
	a.Stats64 = clonePtr(a.Stats64)
	a.TxQueueLen = clonePtr(a.TxQueueLen)
	a.XDP = clonePtr(a.XDP)
	a.NetNS = nil // a request-only attribute
	if a.Info != nil {
		info := *a.Info
		info.Data = cloneDriver(info.Data)
		info.SlaveData = cloneDriver(info.SlaveData)
		a.Info = &info
	}
	out.Attributes = &a
	return out
}

// cloneDriver copies raw driver data; a registered driver's value is kept
// as it is (its type is opaque here).
func cloneDriver(d rtnetlink.LinkDriver) rtnetlink.LinkDriver {
	if ld, ok := d.(*rtnetlink.LinkData); ok && ld != nil {
		c := *ld
		c.Data = slices.Clone(ld.Data)
		return &c
	}
	return d
}

func cloneAddr(m *rtnetlink.AddressMessage) rtnetlink.AddressMessage {
	out := *m
	if m.Attributes == nil {
		return out
	}
	a := *m.Attributes
	a.Address = slices.Clone(a.Address)
	a.Local = slices.Clone(a.Local)
	a.Broadcast = slices.Clone(a.Broadcast)
	a.Anycast = slices.Clone(a.Anycast)
	a.Multicast = slices.Clone(a.Multicast)
	out.Attributes = &a
	return out
}

func cloneRoute(m *rtnetlink.RouteMessage) rtnetlink.RouteMessage {
	out := *m
	a := &out.Attributes
	a.Dst = slices.Clone(a.Dst)
	a.Src = slices.Clone(a.Src)
	a.Gateway = slices.Clone(a.Gateway)
	a.Pref = clonePtr(a.Pref)
	a.Expires = clonePtr(a.Expires)
	a.Metrics = clonePtr(a.Metrics)
	if a.Multipath != nil {
		a.Multipath = slices.Clone(a.Multipath)
		for i := range a.Multipath {
			nh := &a.Multipath[i]
			nh.Gateway = slices.Clone(nh.Gateway)
			nh.MPLS = slices.Clone(nh.MPLS)
		}
	}
	return out
}

func cloneNeigh(m *rtnetlink.NeighMessage) rtnetlink.NeighMessage {
	out := *m
	if m.Attributes == nil {
		return out
	}
	a := *m.Attributes
	a.Address = slices.Clone(a.Address)
	a.LLAddress = slices.Clone(a.LLAddress)
	a.CacheInfo = clonePtr(a.CacheInfo)
	out.Attributes = &a
	return out
}
