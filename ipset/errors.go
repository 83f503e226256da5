package ipset

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/mdlayher/netlink"

	"github.com/rtnlx/rtnlx/internal/linux"
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
func message(op string, code int, kind string) string {
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
	case kind == "hash" && code == linux.IPSET_ERR_HASH_FULL:
		return "Hash is full, cannot add more elements"
	case kind == "hash" && code == linux.IPSET_ERR_HASH_ELEM:
		return "Null-valued element, cannot be stored in a hash type of set"
	case kind == "hash" && code == linux.IPSET_ERR_INVALID_PROTO:
		return "Invalid protocol specified"
	case kind == "hash" && code == linux.IPSET_ERR_MISSING_PROTO:
		return "Protocol missing, but must be specified"
	case kind == "hash" && code == linux.IPSET_ERR_HASH_RANGE_UNSUPPORTED:
		return `Range is not supported in the "net" component of the element`
	case kind == "hash" && code == linux.IPSET_ERR_HASH_RANGE:
		return "Invalid range, covers the whole address space"
	case kind == "bitmap" && code == linux.IPSET_ERR_BITMAP_RANGE:
		return "Element is out of the range of the set"
	case kind == "bitmap" && code == linux.IPSET_ERR_BITMAP_RANGE_SIZE && op == "create":
		return "The range you specified exceeds the size limit of the set type"
	case kind == "list" && code == linux.IPSET_ERR_NAME:
		return "Set to be added/deleted/tested as element does not exist."
	case kind == "list" && code == linux.IPSET_ERR_LOOP:
		return "Sets with list:set type cannot be added to the set."
	case kind == "list" && code == linux.IPSET_ERR_BEFORE:
		return "No reference set specified."
	case kind == "list" && code == linux.IPSET_ERR_NAMEREF:
		return "The set to which you referred with 'before' or 'after' does not exist."
	case kind == "list" && code == linux.IPSET_ERR_LIST_FULL:
		return "The set is full, more elements cannot be added."
	case kind == "list" && code == linux.IPSET_ERR_REF_EXIST:
		return "The set to which you referred with 'before' or 'after' is not added to the set."
	case code < linux.IPSET_ERR_PRIVATE:
		return "Kernel error received: " + syscall.Errno(code).Error()
	}
	return fmt.Sprintf("Undecoded error %d received from kernel", code)
}

// kernelError turns a request's error into an *Error when the kernel
// answered with a code.
func kernelError(op, set, kind string, err error) error {
	var oe *netlink.OpError
	var errno syscall.Errno
	if errors.As(err, &oe) && errors.As(oe.Err, &errno) {
		return &Error{Op: op, Set: set, Code: int(errno), Msg: message(op, int(errno), kind)}
	}
	return fmt.Errorf("ipset: %s %s: %w", op, set, err)
}
