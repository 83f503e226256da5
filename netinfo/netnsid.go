package netinfo

import (
	"context"
	"fmt"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// NetNSID returns the id the handle's namespace gives the namespace ns
// (RTM_GETNSID): the number `ip netns list` prints as "(id: N)" and a
// link's LinkNetNSID holds for a peer there. It is -1 when the handle's
// namespace has given ns no id. It needs the platform's own transport
// on Linux; elsewhere the error matches ErrNotSupported.
func (h *Handle) NetNSID(ctx context.Context, ns *NetNS) (int, error) {
	const op = "netns id"
	a, err := ns.resolve(h, op, "NetNS")
	if err != nil {
		return 0, err
	}
	defer a.close()
	typ := uint16(linux.NETNSA_FD)
	if a.typ == linux.IFLA_NET_NS_PID {
		typ = linux.NETNSA_PID
	}
	id, found := linux.NETNSA_NSID_NOT_ASSIGNED, false
	err = h.request(ctx, op, linux.RTM_GETNSID, 0, func(b []byte) []byte {
		b = append(b, linux.AF_UNSPEC, 0, 0, 0) // struct rtgenmsg, padded
		return nlmsg.AppendU32(b, typ, a.val)
	}, func(mh nlmsg.Header, p []byte) error {
		if mh.Type != linux.RTM_NEWNSID {
			return fmt.Errorf("netinfo: %s: unexpected reply type %d", op, mh.Type)
		}
		var err error
		id, found, err = decodeNSID(p)
		return err
	})
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, fmt.Errorf("netinfo: %s: %w", op, truncated("reply without NETNSA_NSID"))
	}
	return id, nil
}

// decodeNSID reads NETNSA_NSID from an RTM_NEWNSID payload.
func decodeNSID(p []byte) (id int, found bool, err error) {
	if len(p) < linux.SizeofRtGenmsg {
		return 0, false, truncated("rtgenmsg")
	}
	r := attrReader{b: p[linux.SizeofRtGenmsg:]}
	for r.next() {
		if r.typ == linux.NETNSA_NSID {
			v, err := readU32(r.val, "NETNSA_NSID")
			return int(int32(v)), true, err
		}
	}
	return 0, false, r.err
}
