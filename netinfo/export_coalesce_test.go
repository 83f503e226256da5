package netinfo

// CoalescedSleeps tells how often w slept between reads of a storm
// (watch_coalesce.go); read it once w has stopped.
func CoalescedSleeps(w *Watcher) int { return w.coal.sleeps }
