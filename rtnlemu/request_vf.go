package rtnlemu

import (
	"errors"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// vfPolicy is ifla_vf_policy (IFLA_VF_MAX is IFLA_VF_BROADCAST): the
// minimum size of each struct ifla_vf_*.
var vfPolicy = &policy{maxType: 13, attrs: map[uint16]attrPolicy{
	linux.IFLA_VF_MAC:          {len: 36},
	linux.IFLA_VF_VLAN:         {len: 12},
	linux.IFLA_VF_TX_RATE:      {len: 8},
	linux.IFLA_VF_SPOOFCHK:     {len: 8},
	linux.IFLA_VF_LINK_STATE:   {len: 8},
	linux.IFLA_VF_RATE:         {len: 12},
	linux.IFLA_VF_RSS_QUERY_EN: {len: 8},
	linux.IFLA_VF_STATS:        nestPolicy,
	linux.IFLA_VF_TRUST:        {len: 8},
	linux.IFLA_VF_IB_NODE_GUID: {len: 16},
	linux.IFLA_VF_IB_PORT_GUID: {len: 16},
	linux.IFLA_VF_VLAN_LIST:    nestPolicy,
	linux.IFLA_VF_BROADCAST:    rejPolicy,
}}

// checkVFInfo is do_setlink's handling of IFLA_VFINFO_LIST on a link
// without virtual functions (no emulated link has the ndo_set_vf_*
// operations): each entry must be an IFLA_VF_INFO of at least an
// attribute header and pass vfPolicy (no extended ack), then
// do_setvfinfo refuses the first setting it finds: EINVAL for a VF
// number of INT_MAX or more, else EOPNOTSUPP; an entry setting nothing
// is EINVAL.
func checkVFInfo(list []byte) error {
	var err error
	forEachAttr(list, func(typ uint16, entry []byte) bool {
		if typ != linux.IFLA_VF_INFO || len(entry) < 4 {
			err = syscall.EINVAL
			return false
		}
		if _, perr := vfPolicy.validate(entry, parseLiberal); perr != nil {
			var ke *kernelError
			if errors.As(perr, &ke) {
				perr = ke.errno
			}
			err = perr
			return false
		}
		err = setVFInfo(entry)
		return err == nil
	})
	return err
}

// setVFInfo is do_setvfinfo on a link without virtual-function
// operations.
func setVFInfo(entry []byte) error {
	for _, typ := range []uint16{linux.IFLA_VF_MAC, linux.IFLA_VF_VLAN, linux.IFLA_VF_VLAN_LIST, linux.IFLA_VF_TX_RATE, linux.IFLA_VF_RATE,
		linux.IFLA_VF_SPOOFCHK, linux.IFLA_VF_LINK_STATE, linux.IFLA_VF_RSS_QUERY_EN, linux.IFLA_VF_TRUST, linux.IFLA_VF_IB_NODE_GUID, linux.IFLA_VF_IB_PORT_GUID} {
		v := lastAttr(entry, typ)
		if v == nil {
			continue
		}
		if typ == linux.IFLA_VF_VLAN_LIST {
			return syscall.EOPNOTSUPP // checked after ndo_set_vf_vlan
		}
		if ne.Uint32(v) >= 0x7fffffff { // the VF number against INT_MAX
			return syscall.EINVAL
		}
		return syscall.EOPNOTSUPP
	}
	return syscall.EINVAL
}
