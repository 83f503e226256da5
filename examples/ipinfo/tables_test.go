package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/netinfo"
)

func TestTableNames(t *testing.T) {
	names := tableNames{}
	parseIDNames(strings.NewReader(`#
# reserved values
#
255	local
254	main
253	default
0	unspec
100 isp1   # trailing comment
0x65	isp2
102
bad line here
100	shadowed
200	dup
201	dup
`), names.add)
	require.Equal(t, "isp1", names.word(100), "the first name of an id wins")
	require.Equal(t, "isp2", names.word(101), "ids may be hex")
	require.Equal(t, "102", names.word(102), "an id without a name prints as a number")
	require.Equal(t, "main", names.word(netinfo.TableMain))

	id, ok := names.lookup("isp2")
	require.True(t, ok)
	require.Equal(t, netinfo.Table(101), id)
	id, ok = names.lookup("dup")
	require.True(t, ok)
	require.Equal(t, netinfo.Table(200), id, "the lowest id for a name given twice")
	_, ok = names.lookup("shadowed")
	require.False(t, ok)

	var none tableNames
	require.Equal(t, "local", none.word(netinfo.TableLocal), "a nil map names the built-in tables")
	require.Equal(t, "7", none.word(7))

	r := testRouteBlackhole
	got := string(appendRouteJSON(nil, &r, testNames, routeStyle{showTable: true, tables: names}, false))
	require.Contains(t, got, `"table":"isp1"`)
	require.Contains(t, string(appendRouteLine(nil, &r, testNames, routeStyle{showTable: true, tables: names})), " table isp1 ")
}

func TestGroupNames(t *testing.T) {
	names := groupNames{}
	parseIDNames(strings.NewReader("# device groups\n0\tdefault\n7 lab # a comment\n0x8 edge\n9\n99999999999 toolarge\n"), names.add)
	parseIDNames(strings.NewReader("7 renamed\n"), names.add)
	require.Equal(t, "default", names.word(0))
	require.Equal(t, "renamed", names.word(7), "a later file's name wins, as in ip")
	require.Equal(t, "edge", names.word(8), "ids may be hex")
	require.Equal(t, "9", names.word(9), "an id without a name prints as a number")
	require.NotContains(t, names, uint32(99999999999&0xffffffff), "an id past 32 bits is skipped")

	var none groupNames
	require.Equal(t, "default", none.word(0), "a nil map names the default group")
	require.Equal(t, "5", none.word(5))
}
