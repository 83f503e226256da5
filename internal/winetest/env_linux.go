package winetest

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/nstest"
)

//go:embed shim/bcryptprimitives.c
var shimSource []byte

//go:embed shim/bcryptprimitives.def
var shimDef []byte

// CacheEnv names the environment variable that overrides the cache
// directory (default: os.UserCacheDir()/rtnlx-winetest).
const CacheEnv = "RTNLX_WINETEST_CACHE"

// Timeouts. A first wineboot takes tens of seconds; a run includes the
// start of a fresh wineserver and its services.
const (
	bootTimeout     = 5 * time.Minute
	buildTimeout    = 5 * time.Minute
	DefaultRunLimit = 3 * time.Minute
)

// An Env is a ready Wine installation: a prefix with the shim installed.
type Env struct {
	// Wine is the wine64 loader, Wineserver its server.
	Wine, Wineserver string
	// Prefix is the WINEPREFIX, shared by every test on the machine.
	Prefix string
	// lockPath serialises everything that starts a wineserver on Prefix.
	lockPath string
}

// Setup returns the machine's Wine environment, preparing it on first
// use. It skips the test (fails it under RTNLX_STRICT=1) when wine64 or
// mingw-w64 is missing.
func Setup(t testing.TB) *Env {
	t.Helper()
	if runtime.GOOS != "linux" {
		nstest.Skip(t, "the Wine harness runs on Linux hosts")
	}
	wine, ok := findTool("wine64", "/usr/lib/wine/wine64", "/usr/lib64/wine/wine64")
	if !ok {
		nstest.Skip(t, "wine64 is not installed (Debian: apt-get install wine64)")
	}
	server, ok := findTool("wineserver", "/usr/lib/wine/wineserver64", "/usr/lib/wine/wineserver")
	if !ok {
		nstest.Skip(t, "wineserver is not installed (Debian: apt-get install wine64)")
	}
	gcc, ok := findTool("x86_64-w64-mingw32-gcc")
	if !ok {
		nstest.Skip(t, "x86_64-w64-mingw32-gcc is not installed (Debian: apt-get install mingw-w64)")
	}
	cache := os.Getenv(CacheEnv)
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		cache = filepath.Join(dir, "rtnlx-winetest")
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatalf("winetest: cache directory: %v", err)
	}
	version := strings.TrimSpace(mustOutput(t, 30*time.Second, nil, wine, "--version"))
	shim := buildShim(t, gcc, cache)
	key := hashOf([]byte(version), []byte(filepath.Base(filepath.Dir(shim))))
	e := &Env{
		Wine:       wine,
		Wineserver: server,
		Prefix:     filepath.Join(cache, "prefix-"+key),
		lockPath:   filepath.Join(cache, "prefix-"+key+".lock"),
	}
	e.preparePrefix(t, shim)
	return e
}

// hashOf is a short hex digest of the parts.
func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// buildShim builds the shim DLL into the cache, once per shim source and
// compiler version, and returns its path.
func buildShim(t testing.TB, gcc, cache string) string {
	t.Helper()
	gccVersion := mustOutput(t, 30*time.Second, nil, gcc, "-dumpversion")
	dir := filepath.Join(cache, "shim-"+hashOf(shimSource, shimDef, []byte(gccVersion)))
	dll := filepath.Join(dir, "bcryptprimitives.dll")
	if _, err := os.Stat(dll); err == nil {
		return dll
	}
	lock, err := lockFile(dir + ".lock")
	if err != nil {
		t.Fatalf("winetest: %v", err)
	}
	defer lock.unlock()
	if _, err := os.Stat(dll); err == nil {
		return dll // built by another process meanwhile
	}
	work := t.TempDir()
	src, def := filepath.Join(work, "shim.c"), filepath.Join(work, "shim.def")
	mustWrite(t, src, shimSource)
	mustWrite(t, def, shimDef)
	out := filepath.Join(work, "bcryptprimitives.dll")
	mustOutput(t, buildTimeout, nil, gcc, "-O2", "-s", "-shared", "-o", out, src, def, "-ladvapi32")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("winetest: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("winetest: %v", err)
	}
	mustWrite(t, dll+".tmp", b)
	if err := os.Rename(dll+".tmp", dll); err != nil {
		t.Fatalf("winetest: %v", err)
	}
	return dll
}

// readyMarker marks a prefix whose preparation finished.
const readyMarker = ".rtnlx-ready"

// preparePrefix boots the prefix and installs the shim in its system32
// (the Go runtime loads bcryptprimitives.dll with
// LOAD_LIBRARY_SEARCH_SYSTEM32, so beside the executable is not enough).
func (e *Env) preparePrefix(t testing.TB, shim string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(e.Prefix, readyMarker)); err == nil {
		return
	}
	lock, err := lockFile(e.lockPath)
	if err != nil {
		t.Fatalf("winetest: %v", err)
	}
	defer lock.unlock()
	if _, err := os.Stat(filepath.Join(e.Prefix, readyMarker)); err == nil {
		return
	}
	if err := os.RemoveAll(e.Prefix); err != nil {
		t.Fatalf("winetest: removing a half-made prefix: %v", err)
	}
	t.Logf("winetest: preparing Wine prefix %s (once per machine; takes a while)", e.Prefix)
	mustOutput(t, bootTimeout, e.environ(), e.Wine, "wineboot", "-i")
	e.stopServer()
	b, err := os.ReadFile(shim)
	if err != nil {
		t.Fatalf("winetest: %v", err)
	}
	sys32 := filepath.Join(e.Prefix, "drive_c", "windows", "system32")
	mustWrite(t, filepath.Join(sys32, "bcryptprimitives.dll"), b)
	mustWrite(t, filepath.Join(e.Prefix, readyMarker), nil)
}

// environ is the environment Wine runs with: the prefix, no debug
// output, no display, and no offer to install Mono or Gecko.
func (e *Env) environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DISPLAY=") || strings.HasPrefix(kv, "WINE") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"WINEPREFIX="+e.Prefix,
		"WINEDEBUG=-all",
		"WINEDLLOVERRIDES=mscoree,mshtml=;winemenubuilder.exe=d",
	)
}

// stopServer kills the prefix's wineserver, if any, and waits for it to
// go, so the next run starts one in its own namespace.
func (e *Env) stopServer() {
	for _, arg := range []string{"-k", "-w"} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, e.Wineserver, arg)
		cmd.Env = e.environ()
		_ = cmd.Run() // "no server running" is the usual answer to -k
		cancel()
	}
}

// mustWrite writes a file or fails the test.
func mustWrite(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatalf("winetest: %v", err)
	}
}

// mustOutput runs a command with a timeout and returns its stdout,
// failing the test with its stderr when it fails.
func mustOutput(t testing.TB, limit time.Duration, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	stdout, stderr, err := runToFiles(cmd)
	if err != nil {
		t.Fatalf("winetest: %s %s: %v\n%s", name, strings.Join(args, " "), err, tail(stderr))
	}
	return stdout
}

// runToFiles runs cmd with stdout and stderr going to temporary files
// rather than pipes: Wine's server and services inherit the descriptors
// and outlive the command, so a pipe would not reach EOF when it exits.
func runToFiles(cmd *exec.Cmd) (stdout, stderr string, err error) {
	var files [2]*os.File
	for i := range files {
		f, err := os.CreateTemp("", "winetest-out-*")
		if err != nil {
			return "", "", err
		}
		defer f.Close()
		defer os.Remove(f.Name())
		files[i] = f
	}
	cmd.Stdout, cmd.Stderr = files[0], files[1]
	err = cmd.Run()
	var out [2]string
	for i, f := range files {
		b, rerr := os.ReadFile(f.Name())
		if rerr != nil {
			err = errors.Join(err, rerr)
		}
		out[i] = normalize(string(b))
	}
	return out[0], out[1], err
}

// tail keeps the end of a long output for an error message.
func tail(s string) string {
	const keep = 4000
	if len(s) > keep {
		return "..." + s[len(s)-keep:]
	}
	return s
}
