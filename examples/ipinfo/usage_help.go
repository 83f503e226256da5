package main

import "strings"

// This file is ip's answer to a help word ("ipinfo help", "ipinfo route
// help", "ipinfo link set help", ...): ip prints the object's usage on
// stderr and exits with 255; ipinfo prints its own usage lines for the
// object the same way.

// helpError is the answer to a help word met while parsing o's
// arguments; o is objectOverview for "ipinfo help".
func helpError(o object) error {
	return &ipError{code: exitUsage, msg: objectUsage(o), exits: true}
}

// objectUsage is the part of the usage text about o: the usage lines and
// o's entries under OBJECT; all of it for objectOverview.
func objectUsage(o object) string {
	text := strings.TrimSuffix(usage, "\n")
	if o == objectOverview {
		return text
	}
	lines := strings.Split(text, "\n")
	var b strings.Builder
	b.WriteString("usage: ipinfo [OPTIONS] " + o.String() + " ...\n")
	in := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "  ") && len(l) > 2 && l[2] != ' ':
			// An entry: "  route   add|...". Its continuation lines
			// are indented further.
			word, _, _ := strings.Cut(strings.TrimSpace(l), " ")
			in = word == o.String()
		case l == "" || !strings.HasPrefix(l, "   "):
			in = false
		}
		if in {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString("(ipinfo -h prints the options and the other objects)")
	return b.String()
}
