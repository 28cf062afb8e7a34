package encode

// #include "h264.h"
import "C"

// tuning is the encoder's speed-for-quality trade, kept apart from
// VideoConfig so that benchmarks can compare settings.
type tuning struct {
	background bool // background detection
	adaptiveQP bool // adaptive quantisation
	minQP      int  // the finest quantiser rate control may pick; 0 leaves openh264's 12
	screen     bool // screen-content mode in place of camera
	noDeblock  bool // no in-loop deblocking filter
}

// liveTuning is what rooms stream with. Background detection lets the
// encoder pass over the still backdrop, body and overlays cheaply. The
// quantiser floor stops rate control from spending the spare bitrate on
// re-coding flat art in ever finer steps: it halves the encoder's time for
// about 2 dB of luma PSNR at 44 dB, a difference flat art does not show.
// The deblocking filter is off: at that floor the art's edges show no
// blocks worth smoothing, and skipping it saves a fifth of the encoder's
// time for half a dB. Screen-content mode is not used: its search costs
// three times as much on this art.
func liveTuning() tuning {
	return tuning{background: true, minQP: 24, noDeblock: true}
}

func (t tuning) apply(o *C.h264_options) {
	o.background_detection = C.bool(t.background)
	o.adaptive_quant = C.bool(t.adaptiveQP)
	o.min_qp = C.int(t.minQP)
	o.screen_content = C.bool(t.screen)
	o.no_deblock = C.bool(t.noDeblock)
}
