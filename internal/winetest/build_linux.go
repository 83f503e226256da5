package winetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goTool is the go command building the Windows binaries: the one in
// PATH, else the one of the toolchain running the test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// windowsEnv is the environment of a cross build for windows/amd64 (the
// architecture Wine runs here).
func windowsEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOOS=") || strings.HasPrefix(kv, "GOARCH=") || strings.HasPrefix(kv, "CGO_ENABLED=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
}

// Build cross-compiles the main package pkg (an import path or a
// directory, as `go build` takes it) for windows/amd64 into the test's
// temporary directory and returns the executable's path. Extra go build
// flags may follow.
func (e *Env) Build(t testing.TB, pkg string, flags ...string) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), filepath.Base(pkg)+".exe")
	args := append([]string{"build", "-o", exe}, flags...)
	mustOutput(t, buildTimeout, windowsEnv(), goTool(), append(args, pkg)...)
	return exe
}

// BuildTest compiles the tests of pkg for windows/amd64 (`go test -c`)
// and returns the test executable's path. Extra go test flags may follow.
func (e *Env) BuildTest(t testing.TB, pkg string, flags ...string) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), filepath.Base(pkg)+".test.exe")
	args := append([]string{"test", "-c", "-o", exe}, flags...)
	mustOutput(t, buildTimeout, windowsEnv(), goTool(), append(args, pkg)...)
	return exe
}

// BuildC compiles one C source with mingw-w64 into a Windows executable
// in the test's temporary directory.
func (e *Env) BuildC(t testing.TB, src string, flags ...string) string {
	t.Helper()
	gcc, ok := findTool("x86_64-w64-mingw32-gcc")
	if !ok {
		t.Fatal("winetest: x86_64-w64-mingw32-gcc vanished after Setup")
	}
	exe := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(src), ".c")+".exe")
	args := append([]string{"-O0", "-o", exe, src}, flags...)
	mustOutput(t, buildTimeout, nil, gcc, args...)
	return exe
}
