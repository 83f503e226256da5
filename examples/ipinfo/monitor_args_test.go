package main

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// monitor's command-line errors are ip's, with ip's exit status.
func TestMonitorArgErrors(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"monitor", "bogus"}, 255, "Argument \"bogus\" is unknown, try \"ip monitor help\".\n"},
		{[]string{"monitor", "route", "d"}, 255, "Argument \"d\" is unknown, try \"ip monitor help\".\n"},
		{[]string{"monitor", "s"}, 255, "Argument \"s\" is unknown, try \"ip monitor help\".\n"},
		{[]string{"monitor", "file"}, 255, "Command line is not complete. Try option \"help\"\n"},
		{[]string{"monitor", "f", "/nonexistent/ipinfo"}, 255, "Cannot fopen: No such file or directory\n"},
		{[]string{"monitor", "link", "dev"}, 255, "Command line is not complete. Try option \"help\"\n"},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests, struct {
			args   []string
			code   int
			stderr string
		}{[]string{"monitor", "dev", "ipix-no-such-dev"}, 255, "Error: argument \"ipix-no-such-dev\" is wrong: Device does not exist\n\n"})
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		require.Equal(t, tt.code, run(t.Context(), tt.args, &out, &errOut), tt.args)
		require.Equal(t, tt.stderr, errOut.String(), tt.args)
		require.Empty(t, out.String())
	}
}
