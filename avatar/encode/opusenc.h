// A thin C face over libopus: its control calls are variadic, which cgo
// cannot call directly.
#pragma once

#include <opus/opus.h>

OpusEncoder *opusenc_open(int rate, int bitrate, int complexity, int *err);
