package render

import "image"

// slot is one layer of the frame: a premultiplied sprite whose bounds are in
// frame coordinates at rest, drawn moved by off. A nil img draws nothing.
type slot struct {
	spr *sprite
	off image.Point
}

// rect is where the slot lands on the frame.
func (s slot) rect() image.Rectangle {
	if s.spr == nil {
		return image.Rectangle{}
	}
	return s.spr.img.Rect.Add(s.off)
}

// Layers from back to front.
const (
	slotHairBack = iota
	slotBody
	slotDesk
	slotHead
	slotEyes
	slotMouth
	slotCard
	slotCountdown
	slotBanner
	slotSubtitle
	slotPaused
	slotLabel // last: the AI label stays visible over everything
	numSlots
)

// frame is the composition: an opaque background, layers over it, a
// premultiplied RGBA canvas and the I420 output kept in step with it.
type frame struct {
	bg     *image.RGBA
	canvas *image.RGBA
	out    *image.YCbCr
	slots  [numSlots]slot
	dirty  []image.Rectangle
}

// newFrame makes a frame over bg with every pixel dirty.
func newFrame(bg *image.RGBA) *frame {
	b := bg.Bounds()
	f := &frame{
		bg:     bg,
		canvas: image.NewRGBA(b),
		out:    image.NewYCbCr(b, image.YCbCrSubsampleRatio420),
		dirty:  make([]image.Rectangle, 0, 2*numSlots),
	}
	f.markDirty(b)
	return f
}

// set puts spr at off in layer i, marking what changes as dirty.
func (f *frame) set(i int, spr *sprite, off image.Point) {
	s := &f.slots[i]
	if s.spr == spr && s.off == off {
		return
	}
	f.markDirty(s.rect())
	s.spr, s.off = spr, off
	f.markDirty(s.rect())
}

// markDirty adds r, grown to even coordinates for 4:2:0 chroma, to the
// areas to redraw, merging it with any area it touches.
func (f *frame) markDirty(r image.Rectangle) {
	r = image.Rect(r.Min.X&^1, r.Min.Y&^1, (r.Max.X+1)&^1, (r.Max.Y+1)&^1)
	r = r.Intersect(f.bg.Rect)
	if r.Empty() {
		return
	}
	for i := 0; i < len(f.dirty); {
		if d := f.dirty[i]; d.Overlaps(r) {
			r = r.Union(d)
			f.dirty[i] = f.dirty[len(f.dirty)-1]
			f.dirty = f.dirty[:len(f.dirty)-1]
			i = 0
			continue
		}
		i++
	}
	f.dirty = append(f.dirty, r)
}

// flush redraws every dirty area into the canvas and the output.
func (f *frame) flush() {
	for _, r := range f.dirty {
		f.compose(r)
		toYCbCr(f.out, f.canvas, r)
	}
	f.dirty = f.dirty[:0]
}

// compose rebuilds r of the canvas from the background and the layers.
func (f *frame) compose(r image.Rectangle) {
	n := r.Dx() * 4
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := f.canvas.PixOffset(r.Min.X, y)
		copy(f.canvas.Pix[i:i+n], f.bg.Pix[i:i+n])
	}
	for _, s := range f.slots {
		if s.spr == nil {
			continue
		}
		if sr := s.rect().Intersect(r); !sr.Empty() {
			blendSprite(f.canvas, sr, s.spr, s.off)
		}
	}
}

// drawAt composites premultiplied src over dst with src's top-left corner at
// pt in dst, clipped to dst. It is for painting sprites, not for frames.
func drawAt(dst, src *image.RGBA, pt image.Point) {
	r := src.Rect.Sub(src.Rect.Min).Add(pt).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		d := dst.Pix[dst.PixOffset(r.Min.X, y):dst.PixOffset(r.Max.X, y)]
		s := src.Pix[src.PixOffset(src.Rect.Min.X+r.Min.X-pt.X, src.Rect.Min.Y+y-pt.Y):]
		blendRun(d, s[:len(d)])
	}
}

// div255 divides v (at most 255*255) by 255, rounded.
func div255(v uint32) uint8 {
	v += 128
	return uint8((v + v>>8) >> 8)
}
