package bench

import "testing"

func TestHasIDR(t *testing.T) {
	tests := []struct {
		name    string
		payload []byte
		want    bool
	}{
		{"single idr", []byte{0x65, 0x88}, true},
		{"single p slice", []byte{0x41, 0x9a}, false},
		{"stap-a sps pps idr", []byte{0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xce, 0, 2, 0x65, 0x88}, true},
		{"stap-a sps pps", []byte{0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xce}, false},
		{"fu-a idr start", []byte{0x7c, 0x85, 0x88}, true},
		{"fu-a idr middle", []byte{0x7c, 0x05, 0x88}, false},
		{"fu-a p start", []byte{0x7c, 0x81, 0x9a}, false},
		{"short", []byte{0x65}, false},
	}
	for _, tt := range tests {
		if got := hasIDR(tt.payload); got != tt.want {
			t.Errorf("%s: hasIDR = %v, want %v", tt.name, got, tt.want)
		}
	}
}
