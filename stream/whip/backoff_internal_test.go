package whip

import (
	"testing"
	"time"
)

func TestBackoffDoublesToCap(t *testing.T) {
	wait := defaultMinBackoff
	var got []time.Duration
	for range 7 {
		got = append(got, wait)
		wait = nextBackoff(wait, defaultMaxBackoff)
	}
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("backoff sequence %v, want %v seconds", got, want)
		}
	}
}
