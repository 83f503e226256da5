package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// FuzzArgs feeds command lines (arguments separated by spaces) to the
// parser: it must never panic, every error must be a one-line usage or
// ip error, and a parsed command must be consistent.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{"", "-j", "link show", "-4 -j addr show dev eth0", "route show table all", "-n x monitor route addr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var args []string
		if line != "" {
			args = strings.Split(line, " ")
		}
		c, err := parseArgs(args)
		if err != nil {
			// A usage error, or one of ip's own refusals (which exit 1,
			// as "ip addr add" without a device does): one line each.
			var ipErr *ipError
			require.True(t, isUsage(err) || errors.As(err, &ipErr), "not a usage or ip error: %v", err)
			if !strings.HasPrefix(err.Error(), "usage: ipinfo") { // a help word's usage text
				require.NotContains(t, strings.TrimSuffix(err.Error(), "\n"), "\n")
			}
			require.Nil(t, c)
			return
		}
		require.NotNil(t, c)
		// Every object the parser returns has a name of its own (the
		// overview's is the fallback).
		require.True(t, c.object == objectOverview || c.object.String() != objectOverview.String(), "unknown object %d", c.object)
		if c.object == objectMonitor && !c.help {
			require.True(t, c.watch != 0 || c.netconf || c.nsid || c.prefix || c.mroute || c.statsMon, "monitor of nothing")
		}
		if c.netns != "" {
			require.NotEmpty(t, c.nsName)
		}
	})
}

// FuzzJSONString checks that appendJSONString always makes valid JSON
// that decodes to the input, each invalid UTF-8 byte read as U+FFFD.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "eth0", "a\"b\\c", "tab\there\n", "\x00\x1f\x7f", "caf\xc3\xa9", "bad\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		var got string
		require.NoError(t, json.Unmarshal(b, &got), "%q -> %s", s, b)
		// Converting to runes replaces each invalid byte with U+FFFD,
		// as the encoder does.
		require.Equal(t, string([]rune(s)), got)
		if utf8.ValidString(s) {
			require.Equal(t, s, got)
		}
	})
}
