package consumer

import (
	"errors"
	"strings"
	"syscall"
)

// errorIsENOBUFS recognises an overflow error, also when a library
// flattened it into text.
func errorIsENOBUFS(err error) bool {
	return errors.Is(err, syscall.ENOBUFS) || strings.Contains(strings.ToLower(err.Error()), strings.ToLower(syscall.ENOBUFS.Error()))
}
