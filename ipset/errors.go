package ipset

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
)

// Type-specific error codes of the hash types (ip_set_hash.h).
const (
	errHashFull             = linux.IPSET_ERR_TYPE_SPECIFIC
	errHashElem             = linux.IPSET_ERR_TYPE_SPECIFIC + 1
	errInvalidProto         = linux.IPSET_ERR_TYPE_SPECIFIC + 2
	errMissingProto         = linux.IPSET_ERR_TYPE_SPECIFIC + 3
	errHashRangeUnsupported = linux.IPSET_ERR_TYPE_SPECIFIC + 4
	errHashRange            = linux.IPSET_ERR_TYPE_SPECIFIC + 5
)

// An Error is a kernel ipset error: its code (an errno, or one of
// IPSET_ERR_*) and what the ipset tool says for it.
type Error struct {
	Op   string // the command: "create", "add", ...
	Set  string // the set it was about
	Code int    // errno or IPSET_ERR_* number
	Msg  string // the ipset tool's message for the code
}

func (e *Error) Error() string {
	if e.Set != "" {
		return fmt.Sprintf("ipset: %s %s: %s", e.Op, e.Set, e.Msg)
	}
	return fmt.Sprintf("ipset: %s: %s", e.Op, e.Msg)
}

// Is matches the errno the code is, or ErrExist and ErrNotExist for
// the codes that mean those.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrExist:
		return e.Code == int(syscall.EEXIST) || e.Code == linux.IPSET_ERR_EXIST && e.Op == "add" ||
			e.Code == linux.IPSET_ERR_EXIST_SETNAME2 && e.Op == "rename"
	case ErrNotExist:
		return e.Code == int(syscall.ENOENT) || e.Code == linux.IPSET_ERR_EXIST && e.Op == "del" ||
			e.Code == linux.IPSET_ERR_EXIST_SETNAME2 && e.Op == "swap"
	}
	if errno, ok := target.(syscall.Errno); ok {
		return e.Code == int(errno)
	}
	return false
}

// Sentinel errors that Error values match.
var (
	ErrExist    = errors.New("ipset: already exists")
	ErrNotExist = errors.New("ipset: does not exist")
)

// message is the ipset tool's text for a kernel error code in a command
// (lib/errcode.c), or "" for none.
func message(op string, code int, hash bool) string {
	switch {
	case code == int(syscall.ENOENT):
		return "The set with the given name does not exist"
	case code == int(syscall.EMSGSIZE):
		return "Kernel error received: message could not be created"
	case code == linux.IPSET_ERR_PROTOCOL:
		return "Kernel error received: ipset protocol error"
	case code == int(syscall.EEXIST) && op == "create":
		return "Set cannot be created: set with the same name already exists"
	case code == linux.IPSET_ERR_FIND_TYPE:
		return "Kernel error received: set type not supported"
	case code == linux.IPSET_ERR_MAX_SETS:
		return "Kernel error received: maximal number of sets reached, cannot create more."
	case code == linux.IPSET_ERR_INVALID_NETMASK:
		return "The value of the netmask parameter is invalid"
	case code == linux.IPSET_ERR_INVALID_MARKMASK:
		return "The value of the markmask parameter is invalid"
	case code == linux.IPSET_ERR_INVALID_FAMILY:
		return "Protocol family not supported by the set type"
	case code == linux.IPSET_ERR_BUSY && op == "destroy":
		return "Set cannot be destroyed: it is in use by a kernel component"
	case code == linux.IPSET_ERR_EXIST_SETNAME2 && op == "rename":
		return "Set cannot be renamed: a set with the new name already exists"
	case code == linux.IPSET_ERR_REFERENCED && op == "rename":
		return "Set cannot be renamed: it is in use by another system"
	case code == linux.IPSET_ERR_EXIST_SETNAME2 && op == "swap":
		return "Sets cannot be swapped: the second set does not exist"
	case code == linux.IPSET_ERR_TYPE_MISMATCH && op == "swap":
		return "The sets cannot be swapped: their type does not match"
	case code == linux.IPSET_ERR_INVALID_CIDR:
		return "The value of the CIDR parameter of the IP address is invalid"
	case code == linux.IPSET_ERR_TIMEOUT:
		return "Timeout cannot be used: set was created without timeout support"
	case code == linux.IPSET_ERR_IPADDR_IPV4:
		return "An IPv4 address is expected, but not received"
	case code == linux.IPSET_ERR_IPADDR_IPV6:
		return "An IPv6 address is expected, but not received"
	case code == linux.IPSET_ERR_COUNTER:
		return "Packet/byte counters cannot be used: set was created without counter support"
	case code == linux.IPSET_ERR_COMMENT:
		return "Comment string is too long!"
	case code == linux.IPSET_ERR_EXIST && op == "add":
		return "Element cannot be added to the set: it's already added"
	case code == linux.IPSET_ERR_EXIST && op == "del":
		return "Element cannot be deleted from the set: it's not added"
	case hash && code == errHashFull:
		return "Hash is full, cannot add more elements"
	case hash && code == errHashElem:
		return "Null-valued element, cannot be stored in a hash type of set"
	case hash && code == errInvalidProto:
		return "Invalid protocol specified"
	case hash && code == errMissingProto:
		return "Protocol missing, but must be specified"
	case hash && code == errHashRangeUnsupported:
		return `Range is not supported in the "net" component of the element`
	case hash && code == errHashRange:
		return "Invalid range, covers the whole address space"
	case code < linux.IPSET_ERR_PRIVATE:
		return "Kernel error received: " + syscall.Errno(code).Error()
	}
	return fmt.Sprintf("Undecoded error %d received from kernel", code)
}

// kernelError turns a request's error into an *Error when the kernel
// answered with a code.
func kernelError(op, set string, hash bool, err error) error {
	var oe *netlink.OpError
	var errno syscall.Errno
	if errors.As(err, &oe) && errors.As(oe.Err, &errno) {
		return &Error{Op: op, Set: set, Code: int(errno), Msg: message(op, int(errno), hash)}
	}
	return fmt.Errorf("ipset: %s %s: %w", op, set, err)
}
