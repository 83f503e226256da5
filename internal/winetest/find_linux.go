package winetest

import (
	"os"
	"os/exec"
)

// findTool returns the first of the names found in PATH or, for names
// with a slash, on disk. Debian installs wine64 and wineserver64 under
// /usr/lib/wine without putting them in PATH.
func findTool(names ...string) (string, bool) {
	for _, n := range names {
		if n == "" {
			continue
		}
		if n[0] == '/' {
			if st, err := os.Stat(n); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return n, true
			}
			continue
		}
		if p, err := exec.LookPath(n); err == nil {
			return p, true
		}
	}
	return "", false
}
