package main

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBadCommandLines(t *testing.T) {
	type badCommandLine struct {
		args []string
		code int
		want string
	}
	cases := []badCommandLine{
		{[]string{"-listen", "tcp:127.0.0.1:1"}, 2, "want unix:PATH"},
		{[]string{"-listen", "unix:"}, 2, "needs a path"},
		{[]string{"-queue", "0", "-listen", "unix:/x"}, 2, "-queue must be positive"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"-allow-group", "no-such-group-rtnlxd", "-listen", "unix:/nonexistent/x"}, 1, "-allow-group"},
		{nil, 1, "nothing to serve"},
	}
	if runtime.GOOS != "windows" {
		cases = append(cases, badCommandLine{[]string{"-listen", `pipe:\\.\pipe\rtnlxd`}, 2,
			"named pipes are a Windows transport, not available on " + runtime.GOOS})
	}
	for _, tc := range cases {
		var stderr bytes.Buffer
		code := run(context.Background(), tc.args, func(string) string { return "" }, &stderr)
		require.Equal(t, tc.code, code, "%q: %s", tc.args, stderr.String())
		require.Contains(t, stderr.String(), tc.want, "%q", tc.args)
	}
}
