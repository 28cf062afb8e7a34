#include <stdlib.h>
#include <string.h>

#include "h264.h"

// h264_params fills p for camera-style real-time coding at the lowest
// complexity: one spatial and one temporal layer, one slice per frame, one
// reference, no worker threads, no denoising or scene-cut detection (IDRs
// come from the interval and from requests).
static int h264_params(ISVCEncoder *engine, h264_options o, SEncParamExt *p) {
  int rv = (*engine)->GetDefaultParams(engine, p);
  if (rv != 0) {
    return rv;
  }
  p->iUsageType = o.screen_content ? SCREEN_CONTENT_REAL_TIME : CAMERA_VIDEO_REAL_TIME;
  p->iPicWidth = o.width;
  p->iPicHeight = o.height;
  p->iTargetBitrate = o.bitrate;
  p->iMaxBitrate = o.bitrate;
  p->iRCMode = RC_BITRATE_MODE;
  if (o.min_qp > 0) {
    p->iMinQp = o.min_qp;
  }
  p->fMaxFrameRate = o.fps;
  p->bEnableFrameSkip = false; // a skipped frame would leave a hole in the paced stream
  p->uiIntraPeriod = o.intra_period;
  p->iTemporalLayerNum = 1;
  p->iSpatialLayerNum = 1;
  p->iNumRefFrame = 1;
  p->iComplexityMode = LOW_COMPLEXITY;
  p->iMultipleThreadIdc = 1; // rooms already run in parallel; threads only contend
  p->iEntropyCodingModeFlag = 0;
  p->eSpsPpsIdStrategy = CONSTANT_ID;
  p->bPrefixNalAddingCtrl = false;
  p->bEnableSSEI = false;
  p->bEnableDenoise = false;
  p->bEnableBackgroundDetection = o.background_detection;
  p->bEnableAdaptiveQuant = o.adaptive_quant;
  p->bEnableSceneChangeDetect = false;
  p->bEnableLongTermReference = false;
  p->iLoopFilterDisableIdc = o.no_deblock ? 1 : 0;

  SSpatialLayerConfig *l = &p->sSpatialLayers[0];
  l->uiProfileIdc = PRO_BASELINE;
  l->iVideoWidth = o.width;
  l->iVideoHeight = o.height;
  l->fFrameRate = o.fps;
  l->iSpatialBitrate = o.bitrate;
  l->iMaxSpatialBitrate = o.bitrate;
  l->sSliceArgument.uiSliceMode = SM_SINGLE_SLICE;
  l->sSliceArgument.uiSliceNum = 1;
  return 0;
}

int h264_open(h264_options o, h264_encoder **enc) {
  ISVCEncoder *engine = NULL;
  int rv = WelsCreateSVCEncoder(&engine);
  if (rv != 0 || engine == NULL) {
    return rv != 0 ? rv : -1;
  }
  int quiet = WELS_LOG_ERROR;
  (*engine)->SetOption(engine, ENCODER_OPTION_TRACE_LEVEL, &quiet);
  SEncParamExt p;
  rv = h264_params(engine, o, &p);
  if (rv == 0) {
    rv = (*engine)->InitializeExt(engine, &p);
  }
  if (rv != 0) {
    WelsDestroySVCEncoder(engine);
    return rv;
  }
  int format = videoFormatI420;
  (*engine)->SetOption(engine, ENCODER_OPTION_DATAFORMAT, &format);

  h264_encoder *e = calloc(1, sizeof(h264_encoder));
  if (e == NULL) {
    (*engine)->Uninitialize(engine);
    WelsDestroySVCEncoder(engine);
    return -1;
  }
  e->engine = engine;
  *enc = e;
  return 0;
}

// h264_gather copies the frame's NAL units, layer by layer, into e->out.
static int h264_gather(h264_encoder *e, SFrameBSInfo *info, int *size) {
  int total = 0;
  for (int l = 0; l < info->iLayerNum; l++) {
    for (int i = 0; i < info->sLayerInfo[l].iNalCount; i++) {
      total += info->sLayerInfo[l].pNalLengthInByte[i];
    }
  }
  if (total > e->out_cap) {
    unsigned char *grown = realloc(e->out, total);
    if (grown == NULL) {
      return -1;
    }
    e->out = grown;
    e->out_cap = total;
  }
  int at = 0;
  for (int l = 0; l < info->iLayerNum; l++) {
    int n = 0;
    for (int i = 0; i < info->sLayerInfo[l].iNalCount; i++) {
      n += info->sLayerInfo[l].pNalLengthInByte[i];
    }
    memcpy(e->out + at, info->sLayerInfo[l].pBsBuf, n);
    at += n;
  }
  *size = total;
  return 0;
}

int h264_encode(h264_encoder *e, h264_picture f, int *size) {
  SSourcePicture pic;
  memset(&pic, 0, sizeof(pic));
  pic.iColorFormat = videoFormatI420;
  pic.iPicWidth = f.width;
  pic.iPicHeight = f.height;
  pic.iStride[0] = f.ystride;
  pic.iStride[1] = pic.iStride[2] = f.cstride;
  pic.pData[0] = f.y;
  pic.pData[1] = f.u;
  pic.pData[2] = f.v;
  pic.uiTimeStamp = f.pts_ms;

  SFrameBSInfo info;
  memset(&info, 0, sizeof(info));
  *size = 0;
  int rv = (*e->engine)->EncodeFrame(e->engine, &pic, &info);
  if (rv != 0) {
    return rv;
  }
  if (info.eFrameType == videoFrameTypeSkip) {
    return 0;
  }
  return h264_gather(e, &info, size);
}

int h264_force_idr(h264_encoder *e) {
  return (*e->engine)->ForceIntraFrame(e->engine, true);
}

void h264_close(h264_encoder *e) {
  (*e->engine)->Uninitialize(e->engine);
  WelsDestroySVCEncoder(e->engine);
  free(e->out);
  free(e);
}
