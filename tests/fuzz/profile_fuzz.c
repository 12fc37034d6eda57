/*
 * profile_fuzz.c - libFuzzer target for the sync helper's profile loader
 * (src/sync/profile.c): profile_load on a file.  Any bytes must give a
 * profile or an error, never a crash, a leak, undefined behaviour or a
 * hang, and:
 *   - a loaded profile is a JSON object with an ops object, and a name;
 *   - an error names the file and is not called a bug (TP_INTERNAL).
 * Built by `make fuzz`; tests/fuzz/replay.c runs the seed corpus through
 * it in `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync/js.h"
#include "sync/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct js *js;
static char dir[256], path[300];

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "profile_fuzz: %s: %s\n", what, e ? e->msg : "");
	abort();
}

static void
cleanup(void)
{
	js_close(js);
	js = NULL;
	unlink(path);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/profile-fuzz.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	snprintf(path, sizeof path, "%s/profile.yaml", dir);
	if ((js = js_open()) == NULL)
		die("js_open", NULL);
	atexit(cleanup);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	struct err e = ERR_INIT;
	FILE *f;
	int rc;

	if (js == NULL)
		setup();
	if ((f = fopen(path, "wb")) == NULL)
		die("cannot write the input file", NULL);
	if (size && fwrite(data, 1, size, f) != size)
		die("cannot write the input file", NULL);
	fclose(f);
	rc = profile_load(js, path, &p, &e);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# profile: %d %s\n", rc, e.msg);
	if (rc == TP_OK) {
		if (p.json == NULL || p.name == NULL ||
		    !js_i(js, "SELECT json_type(?1) = 'object' AND "
		    "json_type(?1, '$.ops') = 'object'", "t", p.json))
			die("a loaded profile without its JSON, ops or name",
			    NULL);
		profile_free(&p);
		return 0;
	}
	if (e.code != rc || e.msg[0] == '\0')
		die("an error without its message", &e);
	if (rc == TP_INTERNAL)
		die("a bad profile reported as a bug", &e);
	if (strncmp(e.msg, path, strlen(path)) != 0)
		die("the message does not name the file", &e);
	return 0;
}
