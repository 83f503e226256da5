package netinfo

import (
	"strconv"
	"strings"
)

// itoa formats an unnamed enum value the way iproute2 does: as a number.
func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// flagWords prints the words of the set bits of v, in table order, and
// the remaining unknown bits in hex, joined by sep.
func flagWords(v uint64, table []flagWord, sep string) string {
	var parts []string
	for _, fw := range table {
		if v&fw.bit != 0 {
			parts = append(parts, fw.word)
			v &^= fw.bit
		}
	}
	if v != 0 {
		parts = append(parts, strconv.FormatUint(v, 16)) // ip prints leftovers as %x
	}
	return strings.Join(parts, sep)
}

// flagList is flagWords as a slice, the form ip -j prints.
func flagList(v uint64, table []flagWord) []string {
	parts := []string{}
	for _, fw := range table {
		if v&fw.bit != 0 {
			parts = append(parts, fw.word)
			v &^= fw.bit
		}
	}
	if v != 0 {
		parts = append(parts, strconv.FormatUint(v, 16))
	}
	return parts
}

type flagWord struct {
	bit  uint64
	word string
}
