package render

import (
	"math/rand/v2"
	"testing"
)

// TestBlendRun checks the packed blend against compositing channel by
// channel, over random premultiplied pixels and backgrounds.
func TestBlendRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 4096
	src, dst := make([]uint8, 4*n), make([]uint8, 4*n)
	for i := 0; i < 4*n; i += 4 {
		a := uint8(rng.IntN(256))
		if i%64 == 0 {
			a = []uint8{0, 1, 254, 255}[i/64%4] // the edges of the alpha range
		}
		for c := range 3 {
			src[i+c] = uint8(rng.IntN(int(a) + 1))
			dst[i+c] = uint8(rng.IntN(256))
		}
		src[i+3], dst[i+3] = a, uint8(rng.IntN(256))
	}
	want := make([]uint8, len(dst))
	for i := range want {
		k := 255 - uint32(src[i|3])
		want[i] = src[i] + div255(uint32(dst[i])*k)
	}
	blendRun(dst, src)
	for i := range want {
		if dst[i] != want[i] {
			t.Fatalf("byte %d: got %d, want %d", i, dst[i], want[i])
		}
	}
}
