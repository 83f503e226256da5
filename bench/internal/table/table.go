// Package table prints the benchmarks' results as Markdown tables and
// holds the small statistics they need.
package table

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// NA is printed where a figure does not apply or was not measured.
const NA = "n/a"

// Write prints a Markdown table. Columns after the first two are
// right-aligned: they hold numbers.
func Write(w io.Writer, header []string, rows [][]string) error {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i < 2 {
				b.WriteString(" " + c + pad + " |")
			} else {
				b.WriteString(" " + pad + c + " |")
			}
		}
		b.WriteString("\n")
	}
	line(header)
	b.WriteString("|")
	for i, wd := range widths {
		if i < 2 {
			b.WriteString(" " + strings.Repeat("-", wd) + " |")
		} else {
			b.WriteString(" " + strings.Repeat("-", wd-1) + ": |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Median returns the median of xs (the mean of the middle two for an
// even count), or NaN for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// MedianDuration returns the median of ds.
func MedianDuration(ds []time.Duration) time.Duration {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = float64(d)
	}
	m := Median(xs)
	if math.IsNaN(m) {
		return 0
	}
	return time.Duration(m)
}

// Duration prints a duration in milliseconds with three significant
// digits or so: 0.412 ms, 45.3 ms, 1234 ms.
func Duration(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case d <= 0:
		return NA
	case ms < 10:
		return fmt.Sprintf("%.3f ms", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.0f ms", ms)
	}
}

// Ratio prints x as a multiple: 1.23x.
func Ratio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || x <= 0 {
		return NA
	}
	if x < 10 {
		return fmt.Sprintf("%.2fx", x)
	}
	return fmt.Sprintf("%.0fx", x)
}

// PerRecord prints a per-record figure with one decimal.
func PerRecord(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return NA
	}
	return fmt.Sprintf("%.1f", x)
}

// KiB prints a size given in KiB as MiB.
func KiB(k int64) string {
	if k <= 0 {
		return NA
	}
	return fmt.Sprintf("%.1f MiB", float64(k)/1024)
}

// Count prints an integer with thousands separators: 100,000.
func Count(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
