package rtnlremote_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rtnlx/rtnlx/internal/winetest"
)

// wineSuiteLimit bounds each Windows test binary's run under Wine.
const wineSuiteLimit = 5 * time.Minute

// TestWindowsPipesUnderWine runs, built for Windows and under Wine, this
// package's tests and the conformance package's remote runners: on
// Windows every server of theirs serves a named pipe
// (transport_windows_test.go, conformance's
// rtnlremote_listen_windows_test.go), so the conformance suite through
// the daemon's transport, the isolation, malformed-input, refusal and
// leak tests all run over pipes, and TestPeerCredentials checks the
// identity the server reads from the client's token, which this test
// prints as Wine reports it.
func TestWindowsPipesUnderWine(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the Wine run with -short")
	}
	env := winetest.Setup(t)
	for _, suite := range []struct {
		pkg, run string
		tests    []string
	}{
		{".", "", []string{"TestSlowClientOverflowsAlone", "TestMalformedClientEndsAlone", "TestRefusedChange", "TestPeerCredentials", "TestDisconnectMidDumpAndBaseline", "TestOverflowHidesWhatWasQueuedBefore"}},
		{"github.com/rtnlx/rtnlx/conformance", "^TestRemoteMemory", []string{"TestRemoteMemory", "TestRemoteMemoryQueueOverflow"}},
	} {
		exe := env.BuildTest(t, suite.pkg)
		args := []string{"-test.v", "-test.count=1"}
		if suite.run != "" {
			args = append(args, "-test.run", suite.run)
		}
		stdout, stderr, err := env.Exec(t, wineSuiteLimit, "", exe, args...)
		require.NoError(t, err, "the Windows tests of %s failed under Wine:\n%s\n%s", suite.pkg, stdout, stderr)
		require.Regexp(t, regexp.MustCompile(`(?m)^PASS$`), stdout)
		require.NotContains(t, stdout, "--- FAIL")
		for _, name := range suite.tests {
			require.Regexp(t, regexp.MustCompile(`(?m)^--- PASS: `+name+` `), stdout, "%s must run over pipes under Wine:\n%s", name, stdout)
		}
		if peer := regexp.MustCompile(`RTNLX-PIPE-PEER .*`).FindString(stdout); suite.pkg == "." {
			require.NotEmpty(t, peer)
			t.Logf("Wine 8's pipe client, as the server sees it: %s", peer)
		}
	}
}
