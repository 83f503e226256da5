package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file names routing tables as ip does: besides main, local and
// default, an administrator may name tables in iproute2's rt_tables
// files, and ip both accepts and prints those names.

// tableNames maps table ids to names from rt_tables files. A nil map
// names only the built-in tables.
type tableNames map[netinfo.Table]string

// rtTablesFiles are where iproute2 keeps table names: the administrator's
// file, the distribution's default (newer iproute2), and drop-in
// directories.
var rtTablesFiles = []string{"/etc/iproute2/rt_tables", "/usr/share/iproute2/rt_tables"}

var rtTablesDirs = []string{"/etc/iproute2/rt_tables.d", "/usr/share/iproute2/rt_tables.d"}

// loadTableNames reads the rt_tables files that exist. Missing or
// unreadable files (every OS but Linux has none) just name nothing.
func loadTableNames() tableNames {
	names := tableNames{}
	for _, f := range rtTablesFiles {
		readIDNames(f, names.add)
	}
	for _, d := range rtTablesDirs {
		confs, _ := filepath.Glob(filepath.Join(d, "*.conf"))
		sort.Strings(confs)
		for _, f := range confs {
			readIDNames(f, names.add)
		}
	}
	return names
}

// add records an administrator's name for table id. The first name
// given to an id wins, as in ip.
func (n tableNames) add(id uint32, name string) {
	if _, taken := n[netinfo.Table(id)]; !taken {
		n[netinfo.Table(id)] = name
	}
}

// readIDNames reads one of iproute2's name files (rt_tables, group) into
// add; a missing or unreadable file names nothing.
func readIDNames(path string, add func(id uint32, name string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	parseIDNames(f, add)
}

// parseIDNames reads "ID NAME" lines, # starting a comment, and hands
// each 32-bit id (decimal or hex) with its name to add.
func parseIDNames(r io.Reader, add func(id uint32, name string)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		id, err := strconv.ParseUint(fields[0], 0, 32)
		if err != nil {
			continue
		}
		add(uint32(id), fields[1])
	}
}

// word prints a table as ip does: its name, else its number.
func (n tableNames) word(t netinfo.Table) string {
	if name, ok := n[t]; ok {
		return name
	}
	return t.String()
}

// lookup finds the table an administrator named name (the lowest id,
// should a name be given twice).
func (n tableNames) lookup(name string) (netinfo.Table, bool) {
	found, ok := netinfo.Table(0), false
	for id, s := range n {
		if s == name && (!ok || id < found) {
			found, ok = id, true
		}
	}
	return found, ok
}
