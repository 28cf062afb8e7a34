// A shim over libespeak-ng loaded at run time: the prototypes below are those
// of espeak-ng's public speak_lib.h, declared here so that building needs no
// development package, only the runtime library the espeak-ng package ships.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espeaklib.h"

enum { output_synchronous = 2 };              // AUDIO_OUTPUT_SYNCHRONOUS
enum { param_rate = 1, param_pitch = 3 };     // espeakRATE, espeakPITCH
enum { initialize_dont_exit = 0x8000 };       // espeakINITIALIZE_DONT_EXIT
enum { pos_character = 1 };                   // POS_CHARACTER
// espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE, as the espeak-ng program uses.
enum { synth_flags = 0x1 | 0x100 | 0x1000 };

typedef int (*synth_callback)(short *wav, int numsamples, void *events);

static int (*fn_initialize)(int output, int buflength, const char *path, int options);
static void (*fn_set_synth_callback)(synth_callback cb);
static int (*fn_set_voice_by_name)(const char *name);
static int (*fn_set_parameter)(int parameter, int value, int relative);
static int (*fn_synth)(const void *text, size_t size, unsigned int position, int position_type,
                       unsigned int end_position, unsigned int flags,
                       unsigned int *unique_identifier, void *user_data);

// The samples of the synthesis in progress; one synthesis runs at a time.
static short *buf;
static size_t buf_len, buf_cap;
static int buf_failed;

static int collect(short *wav, int numsamples, void *events) {
	(void)events;
	if (wav == NULL || numsamples <= 0 || buf_failed) {
		return 0;
	}
	if (buf_len + (size_t)numsamples > buf_cap) {
		size_t cap = buf_cap ? buf_cap : 1 << 16;
		while (cap < buf_len + (size_t)numsamples) {
			cap *= 2;
		}
		short *grown = realloc(buf, cap * sizeof(short));
		if (grown == NULL) {
			buf_failed = 1;
			return 1; // abort the synthesis
		}
		buf = grown;
		buf_cap = cap;
	}
	memcpy(buf + buf_len, wav, (size_t)numsamples * sizeof(short));
	buf_len += (size_t)numsamples;
	return 0;
}

static void *symbol(void *lib, const char *name, char *err, size_t errlen) {
	void *p = dlsym(lib, name);
	if (p == NULL) {
		snprintf(err, errlen, "libespeak-ng.so.1: no symbol %s", name);
	}
	return p;
}

int espeaklib_open(char *err, size_t errlen) {
	void *lib = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		snprintf(err, errlen, "%s", dlerror());
		return -1;
	}
	if (!(fn_initialize = symbol(lib, "espeak_Initialize", err, errlen)) ||
	    !(fn_set_synth_callback = symbol(lib, "espeak_SetSynthCallback", err, errlen)) ||
	    !(fn_set_voice_by_name = symbol(lib, "espeak_SetVoiceByName", err, errlen)) ||
	    !(fn_set_parameter = symbol(lib, "espeak_SetParameter", err, errlen)) ||
	    !(fn_synth = symbol(lib, "espeak_Synth", err, errlen))) {
		return -1;
	}
	int rate = fn_initialize(output_synchronous, 0, NULL, initialize_dont_exit);
	if (rate <= 0) {
		snprintf(err, errlen, "espeak_Initialize failed (%d)", rate);
		return -1;
	}
	fn_set_synth_callback(collect);
	return rate;
}

int espeaklib_synth(const char *voice, int rate, int pitch, const char *text,
                    short **pcm, size_t *n) {
	if (fn_set_voice_by_name(voice) != 0) {
		return 1;
	}
	if (fn_set_parameter(param_rate, rate, 0) != 0 ||
	    fn_set_parameter(param_pitch, pitch, 0) != 0) {
		return 2;
	}
	buf = NULL;
	buf_len = buf_cap = 0;
	buf_failed = 0;
	int rc = fn_synth(text, strlen(text) + 1, 0, pos_character, 0, synth_flags, NULL, NULL);
	if (buf_failed) {
		free(buf);
		return 4;
	}
	if (rc != 0) {
		free(buf);
		return 3;
	}
	*pcm = buf;
	*n = buf_len;
	buf = NULL;
	return 0;
}
