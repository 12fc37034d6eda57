/*
 * config_file_fuzz.c - libFuzzer target for the config loader as the
 * program uses it: config_load on a file.  The first input byte picks the
 * file's mode (bit 0: readable by group and others); the rest is the file.
 * Any bytes must give a config or an error, never a crash, a leak or
 * undefined behaviour, and:
 *   - a loaded config has every defaulted string set, dumps to JSON, and
 *     says whether the file was readable by others (insecure_mode);
 *   - an error is never called a bug (TP_INTERNAL) and names the file: a
 *     bad file is "FILE:LINE:COL: message" (quality.md).
 * Built by `make fuzz`; tests/fuzz/replay.c runs the seed corpus through
 * it in `make check`.
 */
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], path[300];

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "config_file_fuzz: %s: %s\n", what, e ? e->msg : "");
	abort();
}

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/config-fuzz.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	snprintf(path, sizeof path, "%s/config.yaml", dir);
	atexit(cleanup);
}

/* "PATH:LINE:COL: " with LINE and COL from 1. */
static int
names_line_col(const char *msg)
{
	size_t n = strlen(path);
	unsigned long line, col;
	int end = 0;

	if (strncmp(msg, path, n) != 0)
		return 0;
	if (sscanf(msg + n, ":%lu:%lu: %n", &line, &col, &end) != 2 ||
	    end == 0)
		return 0;
	return line >= 1 && col >= 1;
}

static void
check_loaded(const struct config *cfg, int insecure)
{
	struct err e = ERR_INIT;
	struct buf json;

	if (cfg->currency == NULL || cfg->invoice_prefix == NULL ||
	    cfg->theme == NULL || cfg->sync.profile == NULL)
		die("a defaulted string is NULL after a load", NULL);
	if (cfg->insecure_mode != insecure)
		die("insecure_mode does not follow the file's mode", NULL);
	buf_init(&json);
	if (config_json(cfg, &json, &e) != TP_OK || json.s[0] != '{')
		die("a loaded config does not dump to JSON", &e);
	buf_free(&json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct err e = ERR_INIT;
	int insecure, rc;
	FILE *f;

	if (size == 0)
		return 0;
	if (dir[0] == '\0')
		setup();
	insecure = data[0] & 1;
	if ((f = fopen(path, "wb")) == NULL)
		die("cannot write the input file", NULL);
	if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1)
		die("cannot write the input file", NULL);
	fclose(f);
	chmod(path, insecure ? 0644 : 0600);

	rc = config_load(path, 1, &cfg, &e);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# config: %d %s\n", rc, e.msg);
	if (rc == TP_OK) {
		check_loaded(&cfg, insecure);
		config_free(&cfg);
		return 0;
	}
	if (e.code != rc || e.msg[0] == '\0')
		die("an error without its message", &e);
	if (rc == TP_INTERNAL)
		die("a bad file reported as a bug", &e);
	if (rc == TP_BADINPUT && !names_line_col(e.msg))
		die("the message is not FILE:LINE:COL: message", &e);
	return 0;
}
