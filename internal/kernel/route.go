package kernel

// RouteUsesLink reports whether a route goes out through link index:
// its output link (out) is index, or so is one of its next hops', which
// hopOut gives for i in [0, hops). These are the routes Linux flushes or
// marks when the link goes down or away (fib_sync_down_dev), and the
// routes a dump filtered by output link returns.
func RouteUsesLink(out, hops int, hopOut func(i int) int, index int) bool {
	if out == index {
		return true
	}
	for i := range hops {
		if hopOut(i) == index {
			return true
		}
	}
	return false
}
