// Package render draws the virtual host and the live-room overlays into I420
// video frames. The art is painted from vector shapes at start; each frame
// only recomposes and converts the rectangles that changed.
package render

import (
	"fmt"
	"image"
	"math"
	"time"

	"github.com/zhubo-live/zhubo/avatar/pose"
)

// Config sets up a Renderer.
type Config struct {
	// Width and Height of the frame in pixels, even; default 540x960.
	Width, Height int
	// FontPath is a CJK font file (.ttf, .otf or .ttc). Empty searches
	// well-known system paths (WenQuanYi Micro Hei, Noto Sans CJK, Droid).
	FontPath string
	// Host, when set, shares the painted host and the parsed font between
	// renderers of the same size (rooms on one machine); nil paints a
	// private one.
	Host *Host
}

// Scene is everything shown in one frame.
type Scene struct {
	Pose pose.Pose
	// Subtitle is the line being spoken, wrapped to at most three lines.
	Subtitle string
	// ProductName, Price and Coupon fill the product card; an empty name
	// hides it.
	ProductName string
	Price       string
	Coupon      string
	// CouponLeft is the coupon's countdown, shown when positive.
	CouponLeft time.Duration
	// Banner is the welfare banner text; empty shows none.
	Banner string
	// Paused shows the "be right back" look.
	Paused bool
}

// Renderer draws frames for one room. It is not safe for concurrent use.
type Renderer struct {
	w, h  int
	art   affine // reference art coordinates (540x960) to pixels
	scale float32
	face  *typeface
	frame *frame

	host    *Host
	texts   [numKinds]*spriteCache[string]
	label   *sprite
	cardKey cardKey
	cardImg *sprite
	cdSecs  int
	cdText  string
	paused  *sprite
}

// New loads the font and paints the static art.
func New(cfg Config) (*Renderer, error) {
	if cfg.Width == 0 && cfg.Height == 0 {
		cfg.Width, cfg.Height = 540, 960
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width%2 != 0 || cfg.Height%2 != 0 {
		return nil, fmt.Errorf("render: %dx%d: %w", cfg.Width, cfg.Height, ErrBadSize)
	}
	r := &Renderer{w: cfg.Width, h: cfg.Height, host: cfg.Host}
	if r.host == nil {
		r.host = NewHost()
	}
	f, err := r.host.font(cfg.FontPath)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	r.face = newTypeface(f)
	for i, n := range [numKinds]int{kindSubtitle: 8, kindCard: 4, kindCountdown: 4, kindBanner: 4} {
		r.texts[i] = newSpriteCache[string](n)
	}
	s := min(float32(r.w)/refW, float32(r.h)/refH)
	r.scale = s
	r.art = scaling(s).then(translation((float32(r.w)-refW*s)/2, float32(r.h)-refH*s))
	if err := r.host.bind(r); err != nil {
		return nil, fmt.Errorf("render: %dx%d: %w", r.w, r.h, err)
	}
	r.frame = newFrame(r.host.bg)
	r.frame.set(slotDesk, r.host.desk, image.Point{})
	r.label = newSprite(r.paintLabel())
	r.frame.set(slotLabel, r.label, image.Point{})
	return r, nil
}

// Size returns the frame size in pixels.
func (r *Renderer) Size() (w, h int) { return r.w, r.h }

// Render draws s and returns the frame, owned by the renderer and valid
// until the next call.
func (r *Renderer) Render(s Scene) *image.YCbCr {
	p := s.Pose
	if s.Paused {
		p = pose.Pose{}
	}
	r.setHost(p)
	r.setOverlays(s)
	r.frame.flush()
	return r.frame.out
}

// setHost places the host's layers for pose p.
func (r *Renderer) setHost(p pose.Pose) {
	tilt := tiltStep(p.Tilt)
	off := image.Pt(round(clamp(p.HeadX, -maxHeadShift, maxHeadShift)*r.scale),
		round(clamp(p.HeadY, -maxHeadShift, maxHeadShift)*r.scale))
	back := hostSprite(r.host, r.host.heads, headKey{tilt: tilt, back: true},
		func() *image.RGBA { return r.paintHairBack(tilt) })
	head := hostSprite(r.host, r.host.heads, headKey{tilt: tilt},
		func() *image.RGBA { return r.paintHead(tilt) })
	r.frame.set(slotHairBack, back, off)
	r.frame.set(slotHead, head, off)

	coarse := tilt / featureSteps * featureSteps
	ek := eyeKey{coarse, quantize(p.Blink, blinkSteps)}
	eyes := hostSprite(r.host, r.host.eyes, ek, func() *image.RGBA { return r.paintEyes(ek) })
	r.frame.set(slotEyes, eyes, off.Add(r.featureShift(eyesX, eyesY, tilt, coarse)))

	mk := mouthKey{coarse, p.Mouth, quantize(p.Open, openSteps)}
	if mk.shape == pose.MouthClosed || mk.open == 0 {
		mk.shape, mk.open = pose.MouthClosed, 0
	}
	mouth := hostSprite(r.host, r.host.mouths, mk, func() *image.RGBA { return r.paintMouth(mk) })
	r.frame.set(slotMouth, mouth, off.Add(r.featureShift(mouthX, mouthY, tilt, coarse)))

	breath := round(clamp(p.Breath, -maxBreath, maxBreath) * r.scale)
	r.frame.set(slotBody, r.host.body, image.Pt(0, -breath))
}

// featureShift is how far, in whole pixels, a feature painted at the coarse
// tilt step must move so that its centre (x, y) sits where the fine tilt puts
// it on the face.
func (r *Renderer) featureShift(x, y float32, fine, coarse int) image.Point {
	fx, fy := r.headMap(fine).apply(x, y)
	cx, cy := r.headMap(coarse).apply(x, y)
	return image.Pt(round(fx-cx), round(fy-cy))
}

// Limits of motion in art pixels, so a wild pose cannot tear the picture.
const (
	maxHeadShift = 40
	maxBreath    = 6
	maxTilt      = 0.35
	tiltQuantum  = 0.004 // radians per cached head angle
	featureSteps = 5     // head angles per cached eye and mouth angle
	blinkSteps   = 8
	openSteps    = 8
)

// tiltStep quantizes a head tilt to the index of a cached head angle.
func tiltStep(t float32) int {
	return round(clamp(t, -maxTilt, maxTilt) / tiltQuantum)
}

// quantize maps v in 0..1 to 0..steps.
func quantize(v float32, steps int) int {
	return round(clamp(v, 0, 1) * float32(steps))
}

func clamp(v, lo, hi float32) float32 {
	if v != v { // NaN
		return 0
	}
	return max(lo, min(hi, v))
}

func round(v float32) int { return int(math.Round(float64(v))) }
