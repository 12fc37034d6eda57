/*
 * config_fuzz.c - libFuzzer target for the config loader: any bytes given
 * to config_load_string must give TP_OK or an error with a message, never
 * a crash, a leak or undefined behaviour; a loaded config must dump to
 * JSON.  Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined.
 *
 * With -DCONFIG_FUZZ_REPLAY it is instead a check program (TAP) that feeds
 * every file of the seed corpus, $top_srcdir/tests/fuzz/corpus/config, to
 * the same function, so `make check` keeps the seeds crash-free.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"

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

#ifdef CONFIG_FUZZ_REPLAY
#include <dirent.h>

#include "tap.h"

static int
replay(const char *path)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return 0;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(&b, chunk, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)b.s, b.len);
	buf_free(&b);
	return 1;
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024], path[2048];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/config",
	    top ? top : ".");
	dp = opendir(dir);
	ok(dp != NULL, "the seed corpus is there");
	while (dp && (d = readdir(dp)) != NULL) {
		char name[300];

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		snprintf(name, sizeof name, "seed %s loads or fails cleanly",
		    d->d_name);
		ok(replay(path), name);
	}
	if (dp)
		closedir(dp);
	return tap_done();
}
#endif
