// Package kernelcheck holds tests that pin down kernel netlink
// behaviour the storm results depend on, so that a surprising figure can
// be traced to the kernel or to a library.
package kernelcheck
