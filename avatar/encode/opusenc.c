#include <stddef.h>

#include "opusenc.h"

OpusEncoder *opusenc_open(int rate, int bitrate, int complexity, int *err) {
  OpusEncoder *e = opus_encoder_create(rate, 1, OPUS_APPLICATION_VOIP, err);
  if (*err != OPUS_OK) {
    return NULL;
  }
  *err = opus_encoder_ctl(e, OPUS_SET_BITRATE(bitrate));
  if (*err == OPUS_OK) {
    *err = opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(complexity));
  }
  if (*err == OPUS_OK) {
    *err = opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
  }
  if (*err != OPUS_OK) {
    opus_encoder_destroy(e);
    return NULL;
  }
  return e;
}
