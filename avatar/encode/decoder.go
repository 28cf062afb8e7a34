package encode

// #include "h264.h"
import "C"

import (
	"fmt"
	"image"
	"unsafe"
)

// decoder reads back what Video writes, so that tests can measure what a
// viewer sees after the encoder's speed settings. It is not safe for
// concurrent use.
type decoder struct {
	dec *C.ISVCDecoder
}

func newDecoder() (*decoder, error) {
	d := &decoder{}
	if rv := C.h264_decoder_open(&d.dec); rv != 0 {
		return nil, fmt.Errorf("%w: openh264 decoder: error %d", ErrEncoder, int(rv))
	}
	return d, nil
}

// decode takes one access unit and returns a copy of the picture's luma
// plane, or nil when the unit completed no picture.
func (d *decoder) decode(au []byte) (*image.Gray, error) {
	if len(au) == 0 {
		return nil, nil
	}
	var out C.h264_luma
	rv := C.h264_decode(d.dec, (*C.uchar)(unsafe.Pointer(&au[0])), C.int(len(au)), &out)
	if rv != 0 {
		return nil, fmt.Errorf("%w: h264 decode: state %#x", ErrEncoder, int(rv))
	}
	if out.ready == 0 {
		return nil, nil
	}
	w, h, stride := int(out.width), int(out.height), int(out.stride)
	src := unsafe.Slice((*byte)(unsafe.Pointer(out.y)), stride*h)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		copy(img.Pix[y*img.Stride:y*img.Stride+w], src[y*stride:y*stride+w])
	}
	return img, nil
}

func (d *decoder) close() { C.h264_decoder_close(d.dec) }
