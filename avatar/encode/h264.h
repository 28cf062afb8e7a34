// A thin C face over openh264's encoder and decoder: plain functions in
// place of the library's vtable calls, and its options gathered in one struct.
#pragma once

#include <stdbool.h>
#include <openh264/codec_api.h>

typedef struct h264_options {
  int width, height;
  float fps;
  int bitrate;      // bits per second
  int intra_period; // frames between periodic IDRs
  bool background_detection;
  bool adaptive_quant;
  int min_qp; // 0 leaves the encoder's floor
  bool screen_content; // SCREEN_CONTENT_REAL_TIME in place of CAMERA_VIDEO_REAL_TIME
  bool no_deblock;     // turn the in-loop deblocking filter off
} h264_options;

typedef struct h264_encoder {
  ISVCEncoder *engine;
  unsigned char *out; // the last access unit, all layers and NAL units in order
  int out_cap;
} h264_encoder;

// h264_picture is one I420 frame. Its planes may be Go memory: cgo lets C
// read a Go byte slice passed by value for the length of the call.
typedef struct h264_picture {
  unsigned char *y, *u, *v;
  int ystride, cstride;
  int width, height;
  long long pts_ms;
} h264_picture;

int h264_open(h264_options o, h264_encoder **enc);
int h264_encode(h264_encoder *e, h264_picture f, int *size);
int h264_force_idr(h264_encoder *e);
void h264_close(h264_encoder *e);

// h264_luma is the luma plane of a decoded picture, owned by the decoder
// until its next call.
typedef struct h264_luma {
  unsigned char *y;
  int stride, width, height;
  int ready; // 0 when the access unit finished no picture
} h264_luma;

int h264_decoder_open(ISVCDecoder **d);
int h264_decode(ISVCDecoder *d, const unsigned char *au, int size, h264_luma *out);
void h264_decoder_close(ISVCDecoder *d);
