//go:build openbsd

package backend_bsd

// routeTables lists the rtables to try: 0 to RT_TABLEID_MAX (255); a
// dump of one that does not exist fails and is skipped.
func routeTables() (tables []int32, withTable bool) {
	for i := int32(0); i <= 255; i++ {
		tables = append(tables, i)
	}
	return tables, true
}

// setSocketFIB does nothing: OpenBSD takes the rtable in rtm_tableid.
func setSocketFIB(int, uint32) error { return nil }
