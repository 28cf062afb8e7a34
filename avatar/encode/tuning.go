package encode

// #include "h264.h"
import "C"

// tuning is the encoder's speed-for-quality trade, kept apart from
// VideoConfig so that benchmarks can compare settings.
type tuning struct {
	background bool // background detection
	adaptiveQP bool // adaptive quantisation
	minQP      int  // the finest quantiser rate control may pick; 0 leaves openh264's 12
}

// liveTuning is what rooms stream with. Background detection lets the
// encoder pass over the still backdrop, body and overlays cheaply. The
// quantiser floor stops rate control from spending the spare bitrate on
// re-coding flat art in ever finer steps: it halves the encoder's time for
// about 2 dB of luma PSNR at 44 dB, a difference flat art does not show.
func liveTuning() tuning {
	return tuning{background: true, minQP: 24}
}

func (t tuning) apply(o *C.h264_options) {
	o.background_detection = C.bool(t.background)
	o.adaptive_quant = C.bool(t.adaptiveQP)
	o.min_qp = C.int(t.minQP)
}
