/*
 * config_fuzz.c - libFuzzer target for the config loader: any bytes given
 * to config_load_string must give TP_OK or an error with a message, never
 * a crash, a leak or undefined behaviour; a loaded config must dump to
 * JSON.  Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined.
 *
 * Linked with tests/fuzz/replay.c it is instead a check program (TAP) that
 * feeds every file of the seed corpus, tests/fuzz/corpus/config, to the
 * same function, so `make check` keeps the seeds crash-free.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct err e = ERR_INIT;
	struct buf json;

	if (config_load_string("fuzz.yaml", (const char *)data, size, &cfg,
	    &e) != TP_OK) {
		if (e.msg[0] == '\0')
			abort();        /* every error says what went wrong */
		return 0;
	}
	buf_init(&json);
	if (config_json(&cfg, &json, &e) != TP_OK)
		abort();
	buf_free(&json);
	config_free(&cfg);
	return 0;
}
