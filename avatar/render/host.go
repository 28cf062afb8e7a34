package render

import (
	"image"
	"sync"

	"golang.org/x/image/font/opentype"
)

// Host is the painted host for one frame size: the studio background, the
// body, and the head, eyes and mouth at every angle and shape drawn so far,
// and the font the overlays are written in. Renderers of many rooms may
// share one Host through Config.Host, so each room keeps only its overlays,
// glyphs and frame buffers. It is safe for concurrent use; its sprites never
// change once painted.
type Host struct {
	mu     sync.Mutex // guards every field below
	fonts  map[string]*opentype.Font
	size   image.Point
	bg     *image.RGBA
	body   *sprite
	desk   *sprite
	heads  *spriteCache[headKey]
	eyes   *spriteCache[eyeKey]
	mouths *spriteCache[mouthKey]
}

// NewHost returns an empty Host; the first Renderer that uses it paints the
// static art and fixes its frame size.
func NewHost() *Host {
	return &Host{
		fonts:  map[string]*opentype.Font{},
		heads:  newSpriteCache[headKey](2 * (2*maxTilt/tiltQuantum + 1)),
		eyes:   newSpriteCache[eyeKey](128),
		mouths: newSpriteCache[mouthKey](256),
	}
}

// bind paints the static art for r's frame size on first use, and refuses a
// renderer of another size.
func (h *Host) bind(r *Renderer) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	size := image.Pt(r.w, r.h)
	if h.size == (image.Point{}) {
		h.size = size
		h.bg = r.paintBackground()
		h.body = newSprite(r.paintBody())
		h.desk = newSprite(r.paintDesk())
	}
	if h.size != size {
		return ErrHostSize
	}
	return nil
}

// font returns the font at path ("" searches the system's CJK fonts),
// reading and parsing the file on first use only: a CJK font file is tens of
// megabytes. Faces drawn from one parsed font may be used concurrently.
func (h *Host) font(path string) (*opentype.Font, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f, ok := h.fonts[path]; ok {
		return f, nil
	}
	f, err := loadFont(path, systemFonts())
	if err != nil {
		return nil, err
	}
	h.fonts[path] = f
	return f, nil
}

// hostSprite returns the sprite cached in c under k, painting it with paint on a
// miss. Painting runs outside the lock so other rooms are not held up; two
// rooms may then paint the same sprite once each, and the first one stays.
func hostSprite[K comparable](h *Host, c *spriteCache[K], k K, paint func() *image.RGBA) *sprite {
	h.mu.Lock()
	s, ok := c.lookup(k)
	h.mu.Unlock()
	if ok {
		return s
	}
	img := paint()
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := c.lookup(k); ok {
		return s
	}
	return c.put(k, img)
}
