#include <string.h>

#include "h264.h"

int h264_decoder_open(ISVCDecoder **d) {
  int rv = WelsCreateDecoder(d);
  if (rv != 0) {
    return rv;
  }
  SDecodingParam p;
  memset(&p, 0, sizeof(p));
  p.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC;
  rv = (**d)->Initialize(*d, &p);
  if (rv != 0) {
    WelsDestroyDecoder(*d);
  }
  return rv;
}

int h264_decode(ISVCDecoder *d, const unsigned char *au, int size, h264_luma *out) {
  unsigned char *planes[3] = {0};
  SBufferInfo info;
  memset(&info, 0, sizeof(info));
  int rv = (*d)->DecodeFrameNoDelay(d, au, size, planes, &info);
  if (rv != 0) {
    return rv;
  }
  out->ready = info.iBufferStatus == 1;
  out->y = planes[0];
  out->stride = info.UsrData.sSystemBuffer.iStride[0];
  out->width = info.UsrData.sSystemBuffer.iWidth;
  out->height = info.UsrData.sSystemBuffer.iHeight;
  return 0;
}

void h264_decoder_close(ISVCDecoder *d) {
  (*d)->Uninitialize(d);
  WelsDestroyDecoder(d);
}
