package main

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPairedRatio(t *testing.T) {
	ms := func(ds ...int) []time.Duration {
		out := make([]time.Duration, len(ds))
		for i, d := range ds {
			out[i] = time.Duration(d) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		name          string
		times, floors []time.Duration
		want          float64
	}{
		// A slow phase hits a run and its floor run alike, so the
		// ratios agree where the medians of the two rows would not.
		{"slow phase", ms(12, 24, 13), ms(10, 20, 10), 1.2},
		{"even count", ms(10, 30), ms(10, 10), 2},
		{"run without a floor run", ms(50, 11), ms(0, 10), 1.1},
		{"no floor runs", ms(10, 10), ms(0, 0), math.NaN()},
		{"nothing", nil, nil, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pairedRatio(&cell{times: tc.times, floorTimes: tc.floors})
			if math.IsNaN(tc.want) {
				require.True(t, math.IsNaN(got), "got %v", got)
				return
			}
			require.InDelta(t, tc.want, got, 1e-9)
		})
	}
}
