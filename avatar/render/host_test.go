package render

import (
	"errors"
	"sync"
	"testing"
)

func TestSharedHost(t *testing.T) {
	host := NewHost()
	a, err := New(Config{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	if a.face.font != b.face.font {
		t.Error("renderers with one host parsed the font twice; want one copy shared")
	}
	private := newTestRenderer(t)
	if _, err := New(Config{Width: 720, Height: 1280, Host: host}); !errors.Is(err, ErrHostSize) {
		t.Errorf("New at another size with the same host: got %v, want ErrHostSize", err)
	}

	scenes := sampleScenes(60)
	want := make([][]byte, len(scenes))
	for i, s := range scenes {
		want[i] = append([]byte(nil), private.Render(s).Y...)
	}
	var wg sync.WaitGroup
	for _, r := range []*Renderer{a, b} {
		wg.Go(func() {
			for i, s := range scenes {
				if got := r.Render(s).Y; string(got) != string(want[i]) {
					t.Errorf("frame %d with a shared host differs from a private one", i)
					return
				}
			}
		})
	}
	wg.Wait()
}
