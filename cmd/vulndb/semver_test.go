package main

import "testing"

func TestSemverLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "0", true},
		{"0", "", false},
		{"", "", false},
		{"0", "0.0.1", true},
		{"1.26.9", "1.26.10", true},
		{"1.26.10", "1.26.9", false},
		{"1.2.3", "1.2.3", false},
		{"1.27.0-0", "1.27.0", true},
		{"1.27.0", "1.27.0-0", false},
		{"1.26.9", "1.27.0-0", true},
		{"1.0.0-alpha", "1.0.0-alpha.1", true},
		{"1.0.0-alpha.1", "1.0.0-alpha.beta", true},
		{"1.0.0-alpha.beta", "1.0.0-beta", true},
		{"1.0.0-beta.2", "1.0.0-beta.11", true},
		{"1.0.0-rc.1", "1.0.0", true},
		{"0.0.0-20220101000000-abcdef", "0.0.0-20230101000000-abcdef", true},
		{"1.0.0+build.9", "1.0.0+build.1", false},
		{"10.0.0", "9.0.0", false},
		{"99999999999999999999.0.0", "100000000000000000000.0.0", true},
	}
	for _, tt := range tests {
		if got := semverLess(tt.a, tt.b); got != tt.want {
			t.Errorf("semverLess(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
