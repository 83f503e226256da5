package main

import (
	"bytes"
	"sync"
	"time"
)

// Bounds for waiting on asynchronous output. They only keep a broken
// test from hanging; nothing asserts how fast anything is.
const (
	testWait  = 10 * time.Second
	pollEvery = 10 * time.Millisecond
)

// lockedBuffer is a bytes.Buffer safe for one writer goroutine and
// concurrent readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns a copy of everything written so far.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
