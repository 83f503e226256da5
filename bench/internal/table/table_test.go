package table

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
	} {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) is not NaN")
	}
	if got := MedianDuration([]time.Duration{3, 1, 2}); got != 2 {
		t.Errorf("MedianDuration = %v, want 2ns", got)
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Count(100000), "100,000"},
		{Count(999), "999"},
		{Count(-1234), "-1,234"},
		{Duration(45300 * time.Microsecond), "45.3 ms"},
		{Duration(412 * time.Microsecond), "0.412 ms"},
		{Duration(0), NA},
		{Ratio(1.234), "1.23x"},
		{Ratio(130.4), "130x"},
		{Ratio(math.NaN()), NA},
		{KiB(2048), "2.0 MiB"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, []string{"object", "who", "time"}, [][]string{{"routes", "floor", "1 ms"}}); err != nil {
		t.Fatal(err)
	}
	want := "| object | who   | time |\n| ------ | ----- | ---: |\n| routes | floor | 1 ms |\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
