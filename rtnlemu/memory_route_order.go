package rtnlemu

// openRouteOrder makes room in the routes' dump order at place at (an
// existing route's), moving it and every later route one place on, and
// returns it: an IPv4 route added beside others of its prefix, TOS and
// metric without NLM_F_APPEND goes before the first of them
// (fib_table_insert). m.mu must be held.
func (m *Memory) openRouteOrder(at uint64) uint64 {
	for _, e := range m.routes.byKey {
		if e.order >= at {
			e.order++
		}
	}
	m.order++ // the last route's place may have been the counter's
	m.routes.fresh = false
	return at
}
