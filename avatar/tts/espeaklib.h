#ifndef ZHUBO_ESPEAKLIB_H
#define ZHUBO_ESPEAKLIB_H

#include <stddef.h>

// espeaklib_open loads libespeak-ng.so.1 with dlopen and initialises it for
// synchronous synthesis. It returns the library's sample rate, or -1 with a
// message in err (errlen bytes at most).
int espeaklib_open(char *err, size_t errlen);

// espeaklib_synth speaks the UTF-8 text with the voice, rate (words per
// minute) and pitch (0-99). On success it returns 0 and sets *pcm (malloc'd,
// freed by the caller with free) and *n, the number of samples; otherwise it
// returns a non-zero step number: 1 voice, 2 parameters, 3 synthesis, 4 memory.
int espeaklib_synth(const char *voice, int rate, int pitch, const char *text,
                    short **pcm, size_t *n);

#endif
