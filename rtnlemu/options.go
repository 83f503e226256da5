package rtnlemu

import "time"

// An Option configures a Transport.
type Option func(*options)

type options struct {
	queueLimit   int
	pollInterval time.Duration
}

// Defaults: a queue generous enough for event storms, and a poll period
// short enough for interactive use without busy sources.
const (
	defaultQueueLimit   = 65536
	defaultPollInterval = 2 * time.Second
)

func defaultOptions() options {
	return options{queueLimit: defaultQueueLimit, pollInterval: defaultPollInterval}
}

// WithQueueLimit bounds each connection's queue of multicast messages.
// When a message would exceed it, the message is dropped and the
// connection's next Receive fails with ENOBUFS, as a full socket buffer
// does on Linux. Values below 1 keep the default (65536 messages).
func WithQueueLimit(messages int) Option {
	return func(o *options) {
		if messages > 0 {
			o.queueLimit = messages
		}
	}
}

// WithPollInterval sets how often a Source that is not a Notifier is
// re-read while someone listens to a multicast group (default 2s).
// Values below 1ms keep the default.
func WithPollInterval(d time.Duration) Option {
	return func(o *options) {
		if d >= time.Millisecond {
			o.pollInterval = d
		}
	}
}
