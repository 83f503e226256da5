package netinfo

// This file is WithMessages: the kernel's messages beside the events, for
// consumers that print what was sent (an `ip monitor`).

// messageOptions are WithMessages' settings.
type messageOptions struct {
	groups []uint32 // RTNLGRP_* joined besides the kinds' own
}

// WithMessages makes a watcher without a view (WatchFunc, or Watch with
// WithoutView) set each event's Message to the netlink message it was
// decoded from, and deliver as EventMessage events, with only Message
// set, the messages of its groups that it decodes into no object: link
// notifications of other families (a bridge port's AF_BRIDGE state,
// IPv6's AF_INET6 link state), bridge FDB entries, messages of kinds or
// families not asked for, and everything sent to groups, RTNLGRP_*
// numbers joined besides the ones the kinds need (netconf, nsid, IPv6
// prefixes, ...). A consumer reads in Message the attributes the objects
// leave out (see DecodeLinkDetails) and prints what it knows of the
// rest, as ip monitor does. With WatchFunc, Message is valid until fn
// returns. A watcher with a view refuses the option with an
// error matching syscall.EINVAL.
func WithMessages(groups ...uint32) WatchOption {
	return func(o *watchOptions) {
		o.msgs = &messageOptions{groups: append([]uint32(nil), groups...)}
	}
}

// extraGroups lists the groups WithMessages joins; none without it.
func (m *messageOptions) extraGroups() []uint32 {
	if m == nil {
		return nil
	}
	return m.groups
}

// attach sets ev's message, msg as received: decoded (ok) events carry
// it, and any other message becomes an EventMessage. It returns whether
// to deliver ev.
func (m *messageOptions) attach(ev *Event, ok bool, msg []byte) bool {
	if !ok {
		*ev = Event{Type: EventMessage}
	}
	ev.Message = msg
	return true
}
