package main

import (
	"strconv"

	"github.com/rtnlx/rtnlx/netinfo"
)

// linkNames maps interface indexes to names for printing "dev",
// "master" and "link", as ip's ll_index_to_name does.
type linkNames map[int]string

// namesOf indexes links by ifindex.
func namesOf(links []netinfo.Link) linkNames {
	n := make(linkNames, len(links))
	for i := range links {
		n[links[i].Index] = links[i].Name
	}
	return n
}

// name returns the name of the link with index i, or "ifI" as ip prints
// an index it cannot resolve.
func (n linkNames) name(i int) string {
	if s, ok := n[i]; ok {
		return s
	}
	return "if" + strconv.Itoa(i)
}
