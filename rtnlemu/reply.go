package rtnlemu

import (
	"errors"
	"syscall"

	"github.com/rtnlx/rtnlx/internal/linux"
	"github.com/rtnlx/rtnlx/internal/nlmsg"
)

// errnoOf turns an error into the errno the kernel would answer: a
// syscall.Errno as it is, anything else EINVAL (its text goes into the
// extended ack).
func errnoOf(err error) (syscall.Errno, string) {
	var ke *kernelError
	if errors.As(err, &ke) {
		return ke.errno, ke.text
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno, ""
	}
	return syscall.EINVAL, err.Error()
}

// A kernelError is an errno with the kernel's extended-ack text for it.
type kernelError struct {
	errno syscall.Errno
	text  string
}

func kerr(errno syscall.Errno, text string) error { return &kernelError{errno, text} }

func (e *kernelError) Error() string { return e.text + ": " + e.errno.Error() }

func (e *kernelError) Unwrap() error { return e.errno }

// appendErrorMsg appends an NLMSG_ERROR answering req: a zero errno is an
// acknowledgement, which carries the request's header only
// (NLM_F_CAPPED); an error carries the whole request, as the kernel
// does without NETLINK_CAP_ACK. A non-empty msg is added as the
// extended-ack message (NLMSGERR_ATTR_MSG, NLM_F_ACK_TLVS).
func appendErrorMsg(b []byte, req []byte, errno syscall.Errno, msg string, pid uint32) []byte {
	var h nlmsg.Header
	if len(req) >= linux.SizeofNlMsghdr {
		h = nlmsg.ParseHeader(req)
	}
	var flags uint16
	echo := req
	if errno == 0 {
		flags |= linux.NLM_F_CAPPED
		echo = req[:min(len(req), linux.SizeofNlMsghdr)]
	}
	if msg != "" {
		flags |= linux.NLM_F_ACK_TLVS
	}
	start := len(b)
	b = nlmsg.AppendHeader(b, linux.NLMSG_ERROR, flags, h.Seq, pid)
	b = ne.AppendUint32(b, uint32(-int32(errno)))
	b = append(b, echo...)
	// A request shorter than a header still answers with a full one.
	for i := len(echo); i < linux.SizeofNlMsghdr; i++ {
		b = append(b, 0)
	}
	b = nlmsg.Pad(b)
	if msg != "" {
		b = nlmsg.AppendString(b, linux.NLMSGERR_ATTR_MSG, msg)
	}
	return nlmsg.Finish(nlmsg.Pad(b), start)
}
