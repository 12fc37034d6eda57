/* profile.c - see profile.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "core/buf.h"
#include "core/yamldepth.h"
#include "sync/js.h"
#include "sync/profile.h"

#ifndef PROFILEDIR
#define PROFILEDIR "/usr/local/share/termpsa/profiles"
#endif

/* JSON text of one scalar: plain (unquoted) integers, true/false/null keep
 * their type, everything else is a string.  Built by SQLite. */
static int
scalar_json(struct js *db, yaml_node_t *n, char **out)
{
	const char *v = (const char *)n->data.scalar.value;
	int plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	if (plain && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "null") == 0 || strcmp(v, "~") == 0)) {
		*out = xstrdup(strcmp(v, "~") == 0 ? "null" : v);
		return TP_OK;
	}
	if (plain && *v != '\0') {
		char *end;

		errno = 0;
		(void)strtoll(v, &end, 10);
		if (*end == '\0' && errno == 0 && (v[0] != '0' || v[1] == '\0')) {
			*out = js_q(db, "SELECT json(?1)", "t", v);
			return TP_OK;
		}
	}
	*out = js_quote(db, v);
	return TP_OK;
}

static int
node_json(struct js *db, const char *path, yaml_document_t *doc,
    yaml_node_t *n, int depth, char **out, struct err *e);

static int
check_key(const char *path, yaml_node_t *k, struct err *e)
{
	const char *s;

	if (k->type != YAML_SCALAR_NODE)
		return err_set(e, TP_BADINPUT, "%s:%zu:%zu: a key must be text",
		    path, k->start_mark.line + 1, k->start_mark.column + 1);
	s = (const char *)k->data.scalar.value;
	if (*s == '\0' || strpbrk(s, "\"\\") != NULL)
		return err_set(e, TP_BADINPUT, "%s:%zu:%zu: bad key '%s'", path,
		    k->start_mark.line + 1, k->start_mark.column + 1, s);
	return TP_OK;
}

static int
map_json(struct js *db, const char *path, yaml_document_t *doc,
    yaml_node_t *n, int depth, char **out, struct err *e)
{
	char *acc = xstrdup("{}");

	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	    p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		char *vj = NULL, *next = NULL;
		struct buf jp;

		if (check_key(path, k, e) != TP_OK) {
			free(acc);
			return e->code;
		}
		if (node_json(db, path, doc, v, depth + 1, &vj, e) != TP_OK) {
			free(acc);
			return e->code;
		}
		buf_init(&jp);
		buf_addf(&jp, "$.\"%s\"", (const char *)k->data.scalar.value);
		next = js_set(db, acc, jp.s, vj);
		buf_free(&jp);
		free(vj);
		free(acc);
		acc = next;
	}
	*out = acc;
	return TP_OK;
}

static int
seq_json(struct js *db, const char *path, yaml_document_t *doc,
    yaml_node_t *n, int depth, char **out, struct err *e)
{
	char *acc = xstrdup("[]");

	for (yaml_node_item_t *i = n->data.sequence.items.start;
	    i < n->data.sequence.items.top; i++) {
		char *vj = NULL, *next = NULL;

		if (node_json(db, path, doc, yaml_document_get_node(doc, *i),
		    depth + 1, &vj, e) != TP_OK) {
			free(acc);
			return e->code;
		}
		next = js_q(db, "SELECT json_insert(?1, '$[#]', json(?2))", "tt",
		    acc, vj);
		free(vj);
		free(acc);
		acc = next;
	}
	*out = acc;
	return TP_OK;
}

/* Values one profile may hold.  Aliases make a document a graph: a few
 * hundred bytes that repeat an alias of an alias could expand to billions
 * of values, each converted through SQLite, so the count is bounded. */
#define PROFILE_MAX_VALUES 20000
static int values_left;

static int
node_json(struct js *db, const char *path, yaml_document_t *doc,
    yaml_node_t *n, int depth, char **out, struct err *e)
{
	if (n == NULL)
		return err_set(e, TP_BADINPUT, "%s: empty document", path);
	if (values_left-- <= 0)
		return err_set(e, TP_BADINPUT, "%s: more than %d values (an "
		    "alias repeated too often?)", path, PROFILE_MAX_VALUES);
	/* The text is no deeper than YAMLDEPTH_MAX, but an alias may put a
	 * deep anchor inside another: the graph is held to the same rule
	 * (depth counts from 0, so this is one collection too many). */
	if (depth >= YAMLDEPTH_MAX && n->type != YAML_SCALAR_NODE)
		return err_set(e, TP_BADINPUT, "%s:%zu:%zu: nested deeper than %d "
		    "levels", path, n->start_mark.line + 1,
		    n->start_mark.column + 1, YAMLDEPTH_MAX);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return scalar_json(db, n, out);
	case YAML_MAPPING_NODE:
		return map_json(db, path, doc, n, depth, out, e);
	case YAML_SEQUENCE_NODE:
		return seq_json(db, path, doc, n, depth, out, e);
	default:
		return err_set(e, TP_BADINPUT, "%s: unexpected YAML node", path);
	}
}

/* The whole file, at most PROFILE_MAX_BYTES (the shipped ones are under
 * 10 KB): the depth check and the loader both read it. */
#define PROFILE_MAX_BYTES (1024 * 1024)

static int
slurp(const char *path, struct buf *out, struct err *e)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return err_set(e, TP_IO, "cannot read profile %s: %s", path,
		    strerror(errno));
	while (out->len <= PROFILE_MAX_BYTES &&
	    (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(out, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return err_set(e, TP_IO, "cannot read profile %s: %s", path,
		    strerror(errno));
	}
	fclose(f);
	if (out->len > PROFILE_MAX_BYTES)
		return err_set(e, TP_BADINPUT, "%s: too large (over %d bytes) "
		    "for a profile", path, PROFILE_MAX_BYTES);
	return TP_OK;
}

int
profile_yaml_to_json(struct js *db, const char *path, char **json,
    struct err *e)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct buf data;
	int rc;

	*json = NULL;
	buf_init(&data);
	/* Deep nesting is refused before the document loader sees it, by
	 * the rule the config file follows. */
	if ((rc = slurp(path, &data, e)) != TP_OK ||
	    (rc = yamldepth_check(path, data.s, data.len, e)) != TP_OK) {
		buf_free(&data);
		return rc;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data.s,
	    data.len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = err_set(e, TP_BADINPUT, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "bad YAML");
		yaml_parser_delete(&parser);
		buf_free(&data);
		return rc;
	}
	values_left = PROFILE_MAX_VALUES;
	rc = node_json(db, path, &doc, yaml_document_get_root_node(&doc), 0,
	    json, e);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	buf_free(&data);
	return rc;
}

/* Where named profiles live: $TERMPSA_PROFILE_DIR, the installed folder,
 * and for a build tree (nothing installed yet) contrib/profiles next to
 * the helper or one folder up (a _build folder in the source tree). */
static int
profile_dirs(char dirs[4][PATH_MAX])
{
	const char *env = getenv("TERMPSA_PROFILE_DIR");
	char self[PATH_MAX], *slash;
	ssize_t len;
	int n = 0;

	if (env != NULL && *env != '\0' && strlen(env) < PATH_MAX)
		snprintf(dirs[n++], PATH_MAX, "%s", env);
	snprintf(dirs[n++], PATH_MAX, "%s", PROFILEDIR);
	len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len > 0) {
		self[len] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			if (strlen(self) + 24 < PATH_MAX) {
				snprintf(dirs[n++], PATH_MAX, "%s/contrib/profiles",
				    self);
				snprintf(dirs[n++], PATH_MAX, "%s/../contrib/profiles",
				    self);
			}
		}
	}
	return n;
}

static char *
find_file(const char *name)
{
	char dirs[4][PATH_MAX];
	struct buf b;
	size_t n = strlen(name);
	int ndirs;

	/* A path: has a '/', or names a .yaml file (as config.c says). */
	if (strchr(name, '/') != NULL ||
	    (n > 5 && strcmp(name + n - 5, ".yaml") == 0))
		return xstrdup(name);
	ndirs = profile_dirs(dirs);
	buf_init(&b);
	for (int i = 0; i < ndirs; i++) {
		FILE *f;

		buf_reset(&b);
		buf_addf(&b, "%s/%s.yaml", dirs[i], name);
		if ((f = fopen(b.s, "rb")) != NULL) {
			fclose(f);
			return js_take(&b);
		}
	}
	buf_free(&b);
	return NULL;
}

/* The few things every profile must say; the rest is checked when used. */
static int
check(struct js *db, struct profile *p, struct err *e)
{
	char *bad;

	if (!js_i(db, "SELECT json_type(?1) = 'object' AND "
	    "json_type(?1, '$.ops') = 'object'", "t", p->json))
		return err_set(e, TP_BADINPUT, "%s: a profile needs an 'ops' "
		    "mapping", p->path);
	/* Every op: method and path, or unsupported. */
	bad = js_q(db, "SELECT key FROM json_each(?1, '$.ops') "
	    "WHERE json_type(value) <> 'object' OR (value ->> 'unsupported' "
	    "IS NULL AND (value ->> 'method' IS NULL OR value ->> 'path' IS "
	    "NULL)) LIMIT 1", "t", p->json);
	if (bad != NULL) {
		err_set(e, TP_BADINPUT, "%s: op %s needs method and path (or "
		    "unsupported)", p->path, bad);
		free(bad);
		return TP_BADINPUT;
	}
	p->idempotency = js_i(db, "SELECT coalesce(?1 ->> '$.idempotency', 0)",
	    "t", p->json) != 0;
	p->name = js_q(db, "SELECT coalesce(?1 ->> '$.name', ?2)", "tt",
	    p->json, p->path);
	return TP_OK;
}

int
profile_load(struct js *db, const char *name_or_path, struct profile *p,
    struct err *e)
{
	memset(p, 0, sizeof *p);
	p->path = find_file(name_or_path ? name_or_path : "termpsa");
	if (p->path == NULL)
		return err_set(e, TP_BADINPUT, "sync.profile: no profile named "
		    "'%s' (expected termpsa, itflow or a path to a file)",
		    name_or_path);
	if (profile_yaml_to_json(db, p->path, &p->json, e) != TP_OK ||
	    check(db, p, e) != TP_OK) {
		profile_free(p);
		return e->code;
	}
	return TP_OK;
}

void
profile_free(struct profile *p)
{
	free(p->path);
	free(p->json);
	free(p->name);
	memset(p, 0, sizeof *p);
}
