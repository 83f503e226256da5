package main

import (
	"bytes"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Through a pipe, quietWriter's writes arrive whole and in order: those
// that fit at once, and those that must wait for the reader (the
// os.File's path).
func TestQuietWriterPipe(t *testing.T) {
	tests := []struct {
		name    string
		sizes   []int
		delayed bool // the reader starts late: the pipe fills
	}{
		{"small", []int{1, 100, 4095, 4096, 4097}, false},
		{"large", []int{200000, 3, 70000}, false},
		{"full pipe", []int{300000, 1000, 300000}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			require.NoError(t, err)
			defer r.Close()
			qw := quietWriter(w)
			_, ok := qw.(*pipeWriter)
			require.True(t, ok, "a pipe gets the raw writer")
			var want bytes.Buffer
			got := make(chan []byte)
			go func() {
				if tc.delayed {
					time.Sleep(100 * time.Millisecond)
				}
				b, _ := io.ReadAll(r)
				got <- b
			}()
			for i, n := range tc.sizes {
				p := bytes.Repeat([]byte{byte('a' + i)}, n)
				m, err := qw.Write(p)
				require.NoError(t, err)
				require.Equal(t, n, m)
				want.Write(p)
			}
			require.NoError(t, w.Close())
			require.Equal(t, want.Bytes(), <-got)
		})
	}
}

// A pipe whose reader is gone fails the write as an os.File's does.
func TestQuietWriterBrokenPipe(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	require.NoError(t, r.Close())
	_, err = quietWriter(w).Write([]byte("route\n"))
	require.ErrorIs(t, err, syscall.EPIPE)
}

// What is not a pipe is written as it was.
func TestQuietWriterOthers(t *testing.T) {
	var b bytes.Buffer
	require.Same(t, io.Writer(&b), quietWriter(&b))
	f, err := os.CreateTemp(t.TempDir(), "out")
	require.NoError(t, err)
	defer f.Close()
	require.Same(t, io.Writer(f), quietWriter(f))
}
