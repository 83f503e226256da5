package backend_windows

import "time"

// An Option configures the Windows source and its transport.
type Option func(*options)

type options struct {
	pollInterval time.Duration
}

// defaultPollInterval is how often kinds no notification covers
// (neighbours, and any kind whose notifications have not fired yet) are
// re-read while someone watches.
const defaultPollInterval = 2 * time.Second

func defaultOptions() options {
	return options{pollInterval: defaultPollInterval}
}

// WithPollInterval sets how often the tables that change notifications do
// not cover are re-read while someone watches (default 2s). Values below
// 1ms keep the default.
func WithPollInterval(d time.Duration) Option {
	return func(o *options) {
		if d >= time.Millisecond {
			o.pollInterval = d
		}
	}
}
