package nstest

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// Nobody is the user and group id tests run unprivileged children as.
const Nobody = 65534

// ExposedTestBinary copies the running test binary into a directory any
// user may enter and returns its path, so that a child run as Nobody can
// execute it (the build directory may be root's alone). It skips the test
// unless it runs as root, the only user that can start a child as another.
func ExposedTestBinary(t testing.TB) string {
	t.Helper()
	if os.Geteuid() != 0 {
		Skip(t, "running a child as another user needs root")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	dir := ExposedTempDir(t)
	b, err := os.ReadFile(self)
	require.NoError(t, err)
	bin := filepath.Join(dir, filepath.Base(self))
	require.NoError(t, os.WriteFile(bin, b, 0o755))
	return bin
}

// ExposedTempDir is t.TempDir made enterable by any user (t.TempDir's
// parent is private to the test, too).
func ExposedTempDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	return dir
}

// RunAsNobody makes cmd run as user and group Nobody, with the
// supplementary groups given.
func RunAsNobody(cmd *exec.Cmd, groups ...uint32) *exec.Cmd {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: Nobody, Gid: Nobody, Groups: groups}}
	return cmd
}
