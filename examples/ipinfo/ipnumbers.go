package main

import (
	"strconv"
	"strings"
)

// getU64 is iproute2's get_u64 with base 0, as strtoull reads the
// number: C's prefixes (0x hex, 0 octal), a sign (a minus negates
// modulo 2^64), the whole argument, no overflow.
func getU64(s string) (uint64, bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	base, digits := cBase(t)
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}
