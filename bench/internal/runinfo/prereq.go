package runinfo

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// ErrMissing marks a prerequisite that is not installed on this machine
// (pyroute2, GNU time, iproute2) or a run that lacks the rights it needs.
var ErrMissing = errors.New("missing prerequisite")

// missing is a reason that matches ErrMissing.
type missing struct{ reason string }

func (m *missing) Error() string { return m.reason }

// Is makes errors.Is(err, ErrMissing) hold.
func (m *missing) Is(err error) bool { return err == ErrMissing }

// Missing returns an error matching ErrMissing with the formatted reason.
func Missing(format string, args ...any) error {
	return &missing{fmt.Sprintf(format, args...)}
}

// PythonPath is Debian's Python, the one python3-pyroute2 is installed
// for (a pyenv python3 may come first on PATH).
const PythonPath = "/usr/bin/python3"

// TimePath is GNU time, used to read the peak resident set of a command
// that cannot report its own.
const TimePath = "/usr/bin/time"

// Pyroute2 reports, as ErrMissing, why Debian's Python cannot run
// pyroute2 here, or nil when it can.
func Pyroute2() error {
	if _, err := os.Stat(PythonPath); err != nil {
		return Missing("no %s for pyroute2 (apt-get install python3-pyroute2)", PythonPath)
	}
	out, err := exec.Command(PythonPath, "-c", "from pyroute2 import IPRoute").CombinedOutput()
	if err != nil {
		lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
		return Missing("%s cannot import pyroute2 (apt-get install python3-pyroute2): %s", PythonPath, lines[len(lines)-1])
	}
	return nil
}

// SmokePrereqs reports, as ErrMissing, what every bench or storm run
// needs and lacks here (root, the ip command), or nil.
func SmokePrereqs() error {
	if os.Geteuid() != 0 {
		return Missing("needs root: it builds network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return Missing("needs iproute2's ip command (apt-get install iproute2)")
	}
	return nil
}

// StrictEnv set to 1 turns a skipped part of a smoke run into a failure,
// as it does for the tests.
const StrictEnv = "RTNLX_STRICT"

// Skip reports that part of a -smoke run (what) does not run here
// because err matches ErrMissing. It prints one line and returns nil,
// or under RTNLX_STRICT=1 returns the error. Any other err is returned
// as it is.
func Skip(prog, what string, err error) error {
	if !errors.Is(err, ErrMissing) {
		return err
	}
	if os.Getenv(StrictEnv) == "1" {
		return fmt.Errorf("%s: %w (%s=1 forbids skipping)", what, err, StrictEnv)
	}
	fmt.Fprintf(os.Stderr, "%s: skipping %s: %v\n", prog, what, err)
	return nil
}
