/* app.c - see app.h. */
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/buf.h"
#include "demo/demo.h"
#include "service/listeners.h"
#include "service/saga.h"
#include "service/sla.h"
#include "service/user.h"

char *
app_default_db_path(int demo)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	const char *file = demo ? "demo.db" : "termpsa.db";
	struct buf b;

	buf_init(&b);
	if (xdg != NULL && *xdg == '/')
		buf_addf(&b, "%s/termpsa/%s", xdg, file);
	else
		buf_addf(&b, "%s/.local/share/termpsa/%s", home ? home : ".", file);
	return buf_detach(&b);
}

void
app_from_env(struct app *app)
{
	const char *v;

	if ((v = getenv("TERMPSA_DB")) != NULL && *v)
		app->db_path = v;
	if ((v = getenv("TERMPSA_CONFIG")) != NULL && *v)
		app->config_path = v;
	if ((v = getenv("TERMPSA_USER")) != NULL && *v)
		app->user_name = v;
	if ((v = getenv("NO_COLOR")) != NULL && *v)
		app->no_color = 1;
}

/* The global options: a value option sets a `const char *` of struct app,
 * a flag an int, found by offset so that the table is all there is. */
static const struct global {
	const char *name;
	int         takes_value;
	size_t      field;
} globals[] = {
	{ "db",       1, offsetof(struct app, db_path) },
	{ "config",   1, offsetof(struct app, config_path) },
	{ "user",     1, offsetof(struct app, user_name) },
	{ "json",     0, offsetof(struct app, json) },
	{ "demo",     0, offsetof(struct app, demo) },
	{ "no-color", 0, offsetof(struct app, no_color) },
};

/* The row s ("--name" or "--name=value") names, or NULL; *eq points at
 * the '=' or is NULL. */
static const struct global *
global_find(const char *s, const char **eq)
{
	if (strncmp(s, "--", 2) != 0)
		return NULL;
	for (size_t k = 0; k < sizeof globals / sizeof globals[0]; k++) {
		size_t n = strlen(globals[k].name);

		if (strncmp(s + 2, globals[k].name, n) != 0 ||
		    (s[2 + n] != '\0' && s[2 + n] != '='))
			continue;
		*eq = s[2 + n] == '=' ? s + 2 + n : NULL;
		return &globals[k];
	}
	return NULL;
}

/* Take the option at argv[*i] (and its value); advances *i past them. */
static int
global_take(struct app *app, const struct global *g, const char *eq,
    int argc, char **argv, int *i, struct err *e)
{
	const char *val;

	if (!g->takes_value) {
		if (eq != NULL)
			return err_set(e, TP_USAGE, "--%s takes no value", g->name);
		*(int *)(void *)((char *)app + g->field) = 1;
		return TP_OK;
	}
	if (eq != NULL)
		val = eq + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		val = "";
	if (*val == '\0')
		return err_set(e, TP_USAGE, "--%s needs a value", g->name);
	*(const char **)(void *)((char *)app + g->field) = val;
	return TP_OK;
}

int
app_take_globals(struct app *app, int *argc, char **argv, struct err *e)
{
	int out = 0, words = 0;

	for (int i = 0; i < *argc; i++) {
		const char *s = argv[i], *eq = NULL;
		const struct global *g;

		if (strcmp(s, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		g = global_find(s, &eq);
		/* After the command words --user may be the command's own
		 * (time log --user U); cli_run decides. */
		if (g != NULL && words && strcmp(g->name, "user") == 0) {
			argv[out++] = argv[i];
			if (eq == NULL && i + 1 < *argc)
				argv[out++] = argv[++i];
			continue;
		}
		if (g == NULL) {
			if (s[0] != '-')
				words++;
			argv[out++] = argv[i];
			continue;
		}
		if (global_take(app, g, eq, *argc, argv, &i, e) != TP_OK)
			return e->code;
	}
	*argc = out;
	return TP_OK;
}

int
app_config(struct app *app, struct err *e)
{
	char *path = NULL;
	int rc;

	if (app->cfg_loaded)
		return TP_OK;
	if (app->config_path == NULL)
		path = config_default_path();
	rc = config_load(app->config_path ? app->config_path : path,
	    app->config_path != NULL, &app->cfg, e);
	free(path);
	if (rc != TP_OK)
		return rc;
	app->cfg_loaded = 1;
	return TP_OK;
}

static void
apply_settings(struct app *app)
{
	struct db *db = app->db;
	size_t n = 0;

	db->default_rate_cents = app->cfg.default_rate_cents;
	db->timer_rounding = app->cfg.timer_rounding;
	if (app->cfg.invoice_prefix)
		snprintf(db->invoice_prefix, sizeof db->invoice_prefix, "%s",
		    app->cfg.invoice_prefix);
	if (app->cfg.currency)
		snprintf(db->currency, sizeof db->currency, "%s",
		    app->cfg.currency);
	if (app->cfg.notify_command != NULL) {
		while (app->cfg.notify_command[n])
			n++;
		db->notify_argv = xcalloc(n + 1, sizeof *db->notify_argv);
		for (size_t i = 0; i < n; i++)
			db->notify_argv[i] = xstrdup(app->cfg.notify_command[i]);
	}
}

static const char *
me_name(struct app *app)
{
	const char *u = app->user_name;

	if (u == NULL || *u == '\0')
		u = app->cfg.user;
	if (u == NULL || *u == '\0')
		u = getenv("USER");
	if (u == NULL || *u == '\0')
		u = "technician";
	return u;
}

static int
fill_demo(struct app *app, struct err *e)
{
	int64_t n = 0;

	if (db_int(app->db, e, &n, "SELECT count(*) FROM clients", NULL) != TP_OK)
		return e->code;
	if (n > 0)
		return TP_OK;
	return demo_generate(app->db, DEMO_SMALL_TICKETS, 1, NULL, NULL, e);
}

/* A read on a database this process cannot write (the file, or the
 * folder where SQLite keeps its -wal and -shm files) opens it read-only
 * rather than failing. */
static int
read_only_file(const struct app *app)
{
	char *dir, *slash;
	int ro;

	if (!app->reads || access(app->db_path, F_OK) != 0)
		return 0;
	if (access(app->db_path, W_OK) != 0)
		return 1;
	dir = xstrdup(app->db_path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		ro = access(".", W_OK) != 0;
	else {
		slash[slash == dir] = '\0';
		ro = access(dir, W_OK) != 0;
	}
	free(dir);
	return ro;
}

/* Whether "me" was named (--user, TERMPSA_USER, config) rather than
 * taken from $USER. */
static int
me_named(const struct app *app)
{
	return (app->user_name != NULL && *app->user_name != '\0') ||
	    (app->cfg.user != NULL && *app->cfg.user != '\0');
}

static int
me_missing(const char *name, struct err *e)
{
	return err_set(e, TP_NOTFOUND, "user '%s' not found (--user, "
	    "TERMPSA_USER or user: in the config): 'termpsa user add %s' adds "
	    "them; 'termpsa user list' shows who there is", name, name);
}

/* For a read: "me" if that user exists; a named one that does not is an
 * error as for a change (but in a database this run made, or the demo's,
 * where no one is there yet), $USER's is nobody (0), since a read makes
 * no users row (an event and an activity line written by a look). */
static int
me_lookup(struct app *app, int fresh, struct err *e)
{
	int rc;

	if (user_check_name(me_name(app), e) != TP_OK)
		return e->code;
	rc = db_int(app->db, e, &app->db->me, "SELECT id FROM users "
	    "WHERE name = ?1", "t", me_name(app));
	if (rc == TP_NOTFOUND && me_named(app) && !fresh && !app->demo)
		return me_missing(me_name(app), e);
	if (rc == TP_NOTFOUND) {
		err_clear(e);
		app->db->me = 0;
		rc = TP_OK;
	}
	return rc;
}

static int
missing_db(const struct app *app, struct err *e)
{
	return err_set(e, TP_NOTFOUND, "database %s not found (--db or "
	    "TERMPSA_DB): 'termpsa init' creates it there; is the path "
	    "right?", app->db_path);
}

/* "me": made when this run may create or the database is new, or when it
 * is $USER; a named one must exist. */
static int
find_me(struct app *app, int fresh, struct err *e)
{
	const char *name = me_name(app);
	int rc;

	if (user_check_name(name, e) != TP_OK)
		return e->code;
	if ((app->may_create & APP_MAKE_ME) || fresh || app->demo ||
	    !me_named(app))
		return user_ensure(app->db, name, &app->db->me, e);
	rc = db_int(app->db, e, &app->db->me,
	    "SELECT id FROM users WHERE name = ?1", "t", name);
	if (rc == TP_NOTFOUND && (app->may_create & APP_MAKE_DB)) {
		app->db->me = 0;
		return TP_OK;
	}
	if (rc == TP_NOTFOUND)
		return me_missing(name, e);
	return rc;
}

int
app_db(struct app *app, struct err *e)
{
	int recovered = 0, fresh = 0, ro;

	if (app->db != NULL)
		return TP_OK;
	if (app_config(app, e) != TP_OK)
		return e->code;
	/* The composition root wires the domain's listeners and jobs into the
	 * core's bus and queue before anything can emit. */
	if (listeners_install(e) != TP_OK)
		return e->code;
	/* Every connection, the background reader's too, can compute SLA
	 * clocks in SQL (the filter's sla: terms, the SLA sort). */
	db_set_hooks(sla_sql_install, sla_sql_uninstall);
	if (app->db_path == NULL) {
		app->owned_db_path = app_default_db_path(app->demo);
		app->db_path = app->owned_db_path;
		fresh = access(app->db_path, F_OK) != 0 && errno == ENOENT;
	} else if (access(app->db_path, F_OK) != 0 && errno == ENOENT) {
		if (!(app->may_create & APP_MAKE_DB) && !app->demo &&
		    !app->readonly)
			return missing_db(app, e);
		fresh = 1;
	}
	ro = app->readonly || read_only_file(app);
	if (db_open(app->db_path, (ro ? DB_READONLY : 0) |
	    (app->reads ? DB_ONESHOT : 0), &app->db, e) != TP_OK)
		return e->code;
	apply_settings(app);
	if (sla_configure(&app->cfg.sla, e) != TP_OK)
		return e->code;
	if (ro)
		return me_lookup(app, fresh, e);
	if (app->demo && fill_demo(app, e) != TP_OK)
		return e->code;
	if (app->reads && !fresh) {
		if (me_lookup(app, fresh, e) != TP_OK)
			return e->code;
	} else if (find_me(app, fresh, e) != TP_OK) {
		return e->code;
	}
	/* A dead process's saga is undone before anything is shown; a read
	 * that cannot write still hides its client (CLIENT_SHOWN). */
	return saga_recover(app->db, &recovered, e);
}

void
app_close(struct app *app)
{
	db_close(app->db);
	app->db = NULL;
	sla_release();
	if (app->cfg_loaded)
		config_free(&app->cfg);
	app->cfg_loaded = 0;
	free(app->owned_db_path);
	app->owned_db_path = NULL;
}
