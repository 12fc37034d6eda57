/* app.c - see app.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/buf.h"
#include "demo/demo.h"
#include "service/saga.h"
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

/* Whether "me" was named (--user, TERMPSA_USER, config) rather than
 * taken from $USER. */
static int
me_named(const struct app *app)
{
	return (app->user_name != NULL && *app->user_name != '\0') ||
	    (app->cfg.user != NULL && *app->cfg.user != '\0');
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
		return err_set(e, TP_NOTFOUND, "user '%s' not found (--user, "
		    "TERMPSA_USER or user: in the config): 'termpsa user add "
		    "%s' adds them; 'termpsa user list' shows who there is",
		    name, name);
	return rc;
}

int
app_db(struct app *app, struct err *e)
{
	int recovered = 0, fresh = 0;

	if (app->db != NULL)
		return TP_OK;
	if (app_config(app, e) != TP_OK)
		return e->code;
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
	if (db_open(app->db_path, app->readonly ? DB_READONLY : 0, &app->db, e)
	    != TP_OK)
		return e->code;
	apply_settings(app);
	if (app->demo && fill_demo(app, e) != TP_OK)
		return e->code;
	if (app->readonly)
		return TP_OK;
	if (find_me(app, fresh, e) != TP_OK)
		return e->code;
	return saga_recover(app->db, &recovered, e);
}

void
app_close(struct app *app)
{
	db_close(app->db);
	app->db = NULL;
	if (app->cfg_loaded)
		config_free(&app->cfg);
	app->cfg_loaded = 0;
	free(app->owned_db_path);
	app->owned_db_path = NULL;
}
