package render

import "image"

// spriteCache keeps up to limit sprites by key, dropping an arbitrary one
// when full: the keys that recur (mouth shapes, tilt steps, the current
// subtitle) come back at once when dropped.
type spriteCache[K comparable] struct {
	limit int
	m     map[K]*sprite
}

// newSpriteCache makes a cache for up to limit sprites.
func newSpriteCache[K comparable](limit int) *spriteCache[K] {
	return &spriteCache[K]{limit: limit, m: make(map[K]*sprite, limit)}
}

// lookup returns the sprite cached for k.
func (c *spriteCache[K]) lookup(k K) (*sprite, bool) {
	img, ok := c.m[k]
	return img, ok
}

// put caches img for k, dropping another sprite when full, and returns it.
func (c *spriteCache[K]) put(k K, img *image.RGBA) *sprite {
	if len(c.m) >= c.limit {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	s := newSprite(img)
	c.m[k] = s
	return s
}
