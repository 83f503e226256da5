package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"syscall"

	"github.com/rtnlx/rtnlx/netinfo"
)

// This file gives the change commands ip's error messages and exit
// statuses, which scripts test for: 255 for a command line ip refuses,
// 1 for a device that does not exist, 2 for the kernel's refusal.

// Exit statuses, as ip uses them.
const (
	exitFailure = 1   // EXIT_FAILURE: "Cannot find device", bad addresses
	exitKernel  = 2   // the kernel (or emulation) refused the request
	exitUsage   = 255 // exit(-1): a command line ip does not understand
)

// An ipError is a failure reported the way ip reports it: msg is printed
// on stderr exactly, without ipinfo's prefix.
type ipError struct {
	code int
	msg  string
	// exits says ip exits the process on this error (its exit() calls,
	// as opposed to a command returning a failure): in a batch it ends
	// the run, -force or not.
	exits bool
}

func (e *ipError) Error() string { return e.msg }

// ipUsagef is a command-line error with ip's exit status 255 and its text.
func ipUsagef(format string, args ...any) error {
	return &ipError{code: exitUsage, msg: fmt.Sprintf(format, args...), exits: true}
}

// garbage is ip's answer to a word it does not take after key.
func garbage(key, arg string) error {
	return ipUsagef("Error: either %q is duplicate, or %q is a garbage.", key, arg)
}

// invalidArg is ip's invarg(): `Error: argument "X" is wrong: MSG`.
func invalidArg(msg, arg string) error {
	return ipUsagef("Error: argument %q is wrong: %s", arg, msg)
}

// missingArg is ip's answer to a keyword at the end of the line.
func missingArg(key string) error {
	return ipUsagef("Command line is not complete. Try option \"help\"")
}

// nextArg moves *i to the argument after args[*i], the value of the
// keyword there, or answers missingArg when the line ends first.
func nextArg(args []string, i *int) (string, error) {
	if *i+1 >= len(args) {
		return "", missingArg(args[*i])
	}
	*i++
	return args[*i], nil
}

// noDevice is ip's "Cannot find device".
func noDevice(name string) error {
	return &ipError{code: exitFailure, msg: fmt.Sprintf("Cannot find device %q", name)}
}

// badPrefix is ip's answer to an address or prefix it cannot read.
func badPrefix(what, arg string) error {
	return &ipError{code: exitFailure, msg: fmt.Sprintf("Error: %s is expected rather than %q.", what, arg), exits: true}
}

// kernelError turns a refused request into ip's message: the kernel's
// extended-ack text as "Error: TEXT.", else "RTNETLINK answers: ERRNO".
// Errors that are not the kernel's answer pass through.
func kernelError(err error) error {
	var op *netinfo.OpError
	if !errors.As(err, &op) {
		if errors.Is(err, syscall.EINVAL) {
			// The library refused what the kernel would have: a
			// refused request all the same, with the library's words.
			return &ipError{code: exitKernel, msg: "Error: " + err.Error() + "."}
		}
		return err
	}
	if op.Message != "" {
		msg := op.Message
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		return &ipError{code: exitKernel, msg: "Error: " + msg}
	}
	msg := "RTNETLINK answers: " + errnoText(op.Errno)
	if runtime.GOOS != "linux" && errors.Is(op, netinfo.ErrNotSupported) {
		// Not the kernel's refusal but the OS's lack: say which
		// operation and which OS, keeping ip's prefix for scripts.
		msg += fmt.Sprintf(" (%s on %s)", op.Op, runtime.GOOS)
	}
	return &ipError{code: exitKernel, msg: msg}
}

// errnoText is strerror's text: Go's, capitalised as glibc prints it.
func errnoText(e syscall.Errno) string {
	s := e.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
