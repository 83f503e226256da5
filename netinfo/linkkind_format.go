package netinfo

import (
	"strconv"
	"strings"
)

// The String methods of the link kinds print the details as `ip -d link
// show` does after the kind: "bridge forward_delay 1500 ...". Fields a
// configuration leaves unset are left out.

// kindWords builds "KIND key value ..." lines.
type kindWords struct{ strings.Builder }

func newKindWords(kind string) *kindWords {
	w := &kindWords{}
	w.WriteString(kind)
	return w
}

func (w *kindWords) add(key string, value string) {
	w.WriteByte(' ')
	w.WriteString(key)
	if value != "" {
		w.WriteByte(' ')
		w.WriteString(value)
	}
}

func (w *kindWords) num(key string, v uint64) { w.add(key, strconv.FormatUint(v, 10)) }

func (w *kindWords) ptr32(key string, v *uint32) {
	if v != nil {
		w.num(key, uint64(*v))
	}
}

func (w *kindWords) ptr16(key string, v *uint16) {
	if v != nil {
		w.num(key, uint64(*v))
	}
}

func (w *kindWords) ptrBool(key string, v *bool) {
	if v != nil {
		w.num(key, map[bool]uint64{true: 1}[*v])
	}
}

func (w *kindWords) addr(key string, a interface {
	IsValid() bool
	String() string
}) {
	if a.IsValid() {
		w.add(key, a.String())
	}
}

func vlanProtocolWord(p uint16) string {
	switch p {
	case 0x8100:
		return "802.1Q"
	case 0x88a8:
		return "802.1ad"
	}
	return "0x" + strconv.FormatUint(uint64(p), 16)
}

// String prints "veth" and the peer's name, when known.
func (v *Veth) String() string {
	w := newKindWords("veth")
	if v.PeerName != "" {
		w.add("peer name", v.PeerName)
	}
	return w.String()
}

// String prints the bridge's options as ip -d does.
func (br *Bridge) String() string {
	w := newKindWords("bridge")
	w.ptr32("forward_delay", br.ForwardDelay)
	w.ptr32("hello_time", br.HelloTime)
	w.ptr32("max_age", br.MaxAge)
	w.ptr32("ageing_time", br.AgeingTime)
	w.ptr32("stp_state", br.STPState)
	w.ptr16("priority", br.Priority)
	w.ptrBool("vlan_filtering", br.VLANFiltering)
	if br.VLANProtocol != nil {
		w.add("vlan_protocol", vlanProtocolWord(*br.VLANProtocol))
	}
	w.ptr16("vlan_default_pvid", br.DefaultPVID)
	if br.GroupFwdMask != nil {
		w.add("group_fwd_mask", "0x"+strconv.FormatUint(uint64(*br.GroupFwdMask), 16))
	}
	w.ptrBool("mcast_snooping", br.MulticastSnooping)
	return w.String()
}

// String prints "tun type tun|tap" and the device's flags.
func (t *Tuntap) String() string {
	w := newKindWords("tun")
	w.add("type", t.Mode.String())
	w.ptr32("user", t.Owner)
	w.ptr32("group", t.Group)
	for _, f := range []struct {
		on   bool
		word string
	}{{t.PI, "pi"}, {t.VnetHdr, "vnet_hdr"}, {t.MultiQueue, "multi_queue"}, {t.Persist, "persist"}} {
		if f.on {
			w.add(f.word, "")
		}
	}
	if t.NumQueues != 0 {
		w.num("numqueues", uint64(t.NumQueues))
	}
	return w.String()
}

// String prints "vlan protocol P id N".
func (v *Vlan) String() string {
	w := newKindWords("vlan")
	if v.Protocol != 0 {
		w.add("protocol", vlanProtocolWord(v.Protocol))
	}
	w.num("id", uint64(v.ID))
	return w.String()
}

// String prints "macvlan mode M" (or macvtap).
func (m *Macvlan) String() string {
	w := newKindWords(m.Kind())
	if m.Mode != 0 {
		w.add("mode", m.Mode.String())
	}
	return w.String()
}

// String prints "ipvlan mode l2|l3|l3s bridge|private|vepa".
func (v *IPVlan) String() string {
	w := newKindWords("ipvlan")
	w.add("mode", [...]string{"l2", "l3", "l3s"}[min(int(v.Mode), 2)])
	switch v.Flags {
	case IPVlanPrivate:
		w.add("private", "")
	case IPVlanVEPA:
		w.add("vepa", "")
	default:
		w.add("bridge", "")
	}
	return w.String()
}

// String prints "vxlan id N remote R local L dev INDEX ttl T dstport P".
func (v *Vxlan) String() string {
	w := newKindWords("vxlan")
	w.num("id", uint64(v.VNI))
	if v.Remote.IsMulticast() {
		w.addr("group", v.Remote)
	} else {
		w.addr("remote", v.Remote)
	}
	w.addr("local", v.Local)
	if v.LinkIndex != 0 {
		w.num("dev", uint64(v.LinkIndex))
	}
	if v.TTL != 0 {
		w.num("ttl", uint64(v.TTL))
	}
	if v.NoLearning {
		w.add("nolearning", "")
	}
	if v.Port != 0 {
		w.num("dstport", uint64(v.Port))
	}
	return w.String()
}

// String prints "bond mode M miimon N".
func (bd *Bond) String() string {
	w := newKindWords("bond")
	if bd.Mode != nil {
		w.add("mode", bd.Mode.String())
	}
	w.ptr32("miimon", bd.MIIMon)
	return w.String()
}

// String prints "vrf table N".
func (v *VRF) String() string {
	w := newKindWords("vrf")
	w.num("table", uint64(v.Table))
	return w.String()
}

// String prints "gre remote R local L ttl T ...".
func (g *GRE) String() string {
	w := newKindWords(g.Kind())
	tunnelWords(w, g.Remote, g.Local, g.LinkIndex, g.TTL, g.TOS, g.NoPMTUDisc)
	if g.IFlags&GREKey != 0 {
		w.num("ikey", uint64(g.IKey))
	}
	if g.OFlags&GREKey != 0 {
		w.num("okey", uint64(g.OKey))
	}
	return w.String()
}

// String prints "ipip remote R local L ttl T ..." (or sit).
func (t *IPTunnel) String() string {
	w := newKindWords(t.Kind())
	tunnelWords(w, t.Remote, t.Local, t.LinkIndex, t.TTL, t.TOS, t.NoPMTUDisc)
	return w.String()
}

func tunnelWords(w *kindWords, remote, local interface {
	IsValid() bool
	String() string
}, link int, ttl, tos uint8, noPMTU bool) {
	w.addr("remote", remote)
	w.addr("local", local)
	if link != 0 {
		w.num("dev", uint64(link))
	}
	if ttl == 0 {
		w.add("ttl", "inherit")
	} else {
		w.num("ttl", uint64(ttl))
	}
	if tos != 0 {
		w.add("tos", "0x"+strconv.FormatUint(uint64(tos), 16))
	}
	if noPMTU {
		w.add("nopmtudisc", "")
	}
}

// String prints "bridge_slave state S priority P cost C ...".
func (p *BridgePort) String() string {
	w := newKindWords("bridge_slave")
	states := [...]string{"disabled", "listening", "learning", "forwarding", "blocking"}
	if int(p.State) < len(states) {
		w.add("state", states[p.State])
	} else {
		w.num("state", uint64(p.State))
	}
	w.num("priority", uint64(p.Priority))
	w.num("cost", uint64(p.Cost))
	for _, f := range []struct {
		on   bool
		word string
	}{{p.Hairpin, "hairpin"}, {p.Guard, "guard"}, {p.FastLeave, "fastleave"}, {p.Learning, "learning"}, {p.UnicastFlood, "flood"}} {
		if f.on {
			w.add(f.word, "on")
		} else {
			w.add(f.word, "off")
		}
	}
	return w.String()
}

// String prints "bond_slave state S mii_status M ...".
func (p *BondPort) String() string {
	w := newKindWords("bond_slave")
	w.add("state", map[uint8]string{0: "ACTIVE", 1: "BACKUP"}[p.State])
	w.add("mii_status", map[uint8]string{0: "UP", 1: "GOING_DOWN", 2: "DOWN", 3: "GOING_BACK"}[p.MIIStatus])
	if p.PermHardware != nil {
		w.add("perm_hwaddr", p.PermHardware.String())
	}
	w.num("queue_id", uint64(p.QueueID))
	return w.String()
}
