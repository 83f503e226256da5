package conformance

import (
	"bytes"
	"context"
	"fmt"
)

// An IPMutator makes changes with iproute2's ip command. It is the
// Mutator of the Linux runners: the namespace runner and the Linux side
// of the Wine runner.
type IPMutator struct {
	// Run runs ip with args (without the leading "ip"), with stdin as its
	// standard input when stdin is not nil ("-batch -"). It is typically
	// `ip -n NAMESPACE args...`.
	Run func(ctx context.Context, stdin []byte, args ...string) error
}

// Supports reports every Op but OpOverflow: ip cannot make a socket lose
// events, only cause a storm that does.
func (m *IPMutator) Supports(op Op) bool { return op != OpOverflow }

// Mutate runs the ip commands for mut.
func (m *IPMutator) Mutate(ctx context.Context, mut Mutation) error {
	lines, err := ipCommands(mut)
	if err != nil {
		return err
	}
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(l)
		in.WriteByte('\n')
	}
	args := []string{"-batch", "-"}
	if mut.Op == OpStormUndo {
		args = []string{"-force", "-batch", "-"} // some may be gone already
	}
	if err := m.Run(ctx, in.Bytes(), args...); err != nil {
		return fmt.Errorf("%s: %w", mut, err)
	}
	return nil
}

// ipCommands translates a mutation into ip -batch lines.
func ipCommands(m Mutation) ([]string, error) {
	nodad := func() string {
		if m.Prefix.Addr().Is6() {
			return " nodad" // no tentative state to wait for
		}
		return ""
	}
	via := func(cmd string) string {
		s := fmt.Sprintf("route %s %s", cmd, m.Prefix)
		if m.Gateway.IsValid() {
			s += " via " + m.Gateway.String()
		}
		return s + " dev " + m.Link
	}
	switch m.Op {
	case OpLinkAdd:
		// A bridge: the one kind every kernel here has that needs no peer.
		return []string{"link add " + m.Link + " type bridge", "link set " + m.Link + " up"}, nil
	case OpLinkSetMTU:
		return []string{fmt.Sprintf("link set %s mtu %d", m.Link, m.MTU)}, nil
	case OpLinkDown:
		return []string{"link set " + m.Link + " down"}, nil
	case OpLinkDel:
		return []string{"link del " + m.Link}, nil
	case OpAddrAdd:
		return []string{fmt.Sprintf("addr add %s dev %s%s", m.Prefix, m.Link, nodad())}, nil
	case OpAddrDel:
		return []string{fmt.Sprintf("addr del %s dev %s", m.Prefix, m.Link)}, nil
	case OpRouteAdd:
		return []string{via("add")}, nil
	case OpRouteReplace:
		return []string{via("replace")}, nil
	case OpRouteDel:
		return []string{fmt.Sprintf("route del %s", m.Prefix)}, nil
	case OpNeighAdd:
		return []string{fmt.Sprintf("neigh add %s lladdr %s dev %s nud permanent", m.IP, m.MAC, m.Link)}, nil
	case OpNeighReplace:
		return []string{fmt.Sprintf("neigh replace %s lladdr %s dev %s nud permanent", m.IP, m.MAC, m.Link)}, nil
	case OpNeighDel:
		return []string{fmt.Sprintf("neigh del %s dev %s", m.IP, m.Link)}, nil
	case OpStorm:
		lines := make([]string, 0, m.Count+m.Count/4)
		for i := range m.Count {
			lines = append(lines, fmt.Sprintf("route add %s dev %s", StormRoute(m.Prefix, i), m.Link))
		}
		for i := range m.Count / 4 {
			lines = append(lines, fmt.Sprintf("route del %s dev %s", StormRoute(m.Prefix, i), m.Link))
		}
		return lines, nil
	case OpStormUndo:
		var lines []string
		for i := m.Count / 4; i < m.Count; i++ {
			lines = append(lines, fmt.Sprintf("route del %s dev %s", StormRoute(m.Prefix, i), m.Link))
		}
		return lines, nil
	}
	return nil, fmt.Errorf("%s: %w", m.Op, ErrUnsupportedOp)
}
