//go:build linux

package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/rtnlx/rtnlx/internal/nstest"
	"github.com/stretchr/testify/require"
)

// families splits genl ctrl list output into its families, by name, and
// their order.
func families(t *testing.T, out string) (map[string]string, []string) {
	t.Helper()
	byName := map[string]string{}
	var order []string
	for _, block := range strings.Split(out, "\nName: ")[1:] {
		name, _, _ := strings.Cut(block, "\n")
		byName[name] = block
		order = append(order, name)
	}
	require.NotEmpty(t, order, "no families in:\n%s", out)
	return byName, order
}

func runOurs(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(ctx, args, &stdout, &stderr), stderr.String())
	return stdout.String()
}

// compare requires the same families, in the same order, each printed
// alike.
func compare(t *testing.T, ours, theirs string) {
	t.Helper()
	o, oOrder := families(t, ours)
	g, gOrder := families(t, theirs)
	require.Equal(t, gOrder, oOrder)
	for _, name := range gOrder {
		require.Equal(t, g[name], o[name], "family %s", name)
	}
	require.Equal(t, theirs, ours)
}

func TestCtrlListMatchesGenl(t *testing.T) {
	nstest.RequireCommand(t, "genl")
	theirs, err := exec.Command("genl", "ctrl", "list").Output()
	require.NoError(t, err)
	compare(t, runOurs(t, "ctrl", "list"), string(theirs))

	for _, name := range []string{"nlctrl", "VFS_DQUOT"} {
		theirs, err := exec.Command("genl", "ctrl", "get", "name", name).Output()
		require.NoError(t, err)
		require.Equal(t, string(theirs), runOurs(t, "ctrl", "get", "name", name))
	}
}

// In another namespace only the families that support namespaces are
// listed.
func TestCtrlListInNamespace(t *testing.T) {
	nstest.RequireCommand(t, "genl")
	ns := nstest.New(t, "genl")
	compare(t, runOurs(t, "-n", ns.Name, "ctrl", "list"), ns.Exec(t, "genl", "ctrl", "list"))
}

func TestBadArguments(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{
		{}, {"ctrl"}, {"link", "list"}, {"ctrl", "get", "id", "zz"}, {"ctrl", "get", "name"}, {"-x"},
	} {
		var stdout, stderr bytes.Buffer
		require.NotZero(t, run(ctx, args, &stdout, &stderr), "%q", args)
		require.NotEmpty(t, stderr.String())
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 1, run(ctx, []string{"ctrl", "get", "name", "no-such-family"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "no such file or directory")
	require.Equal(t, 1, run(ctx, []string{"-n", "/nonexistent/ns", "ctrl", "list"}, &stdout, &stderr))
}
