/* app.c - see app.h. */
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

/* "me" if that user exists, else nobody (0): a read shows what is there. */
static int
me_lookup(struct app *app, struct err *e)
{
	int rc = db_int(app->db, e, &app->db->me, "SELECT id FROM users "
	    "WHERE name = ?1", "t", me_name(app));

	if (rc == TP_NOTFOUND) {
		err_clear(e);
		app->db->me = 0;
		rc = TP_OK;
	}
	return rc;
}

int
app_db(struct app *app, struct err *e)
{
	int recovered = 0, ro;

	if (app->db != NULL)
		return TP_OK;
	if (app_config(app, e) != TP_OK)
		return e->code;
	if (app->db_path == NULL) {
		app->owned_db_path = app_default_db_path(app->demo);
		app->db_path = app->owned_db_path;
	}
	ro = app->readonly || read_only_file(app);
	if (db_open(app->db_path, ro ? DB_READONLY : 0, &app->db, e) != TP_OK)
		return e->code;
	apply_settings(app);
	if (ro)
		return me_lookup(app, e);
	if (app->demo && fill_demo(app, e) != TP_OK)
		return e->code;
	if (app->reads) {
		/* A read makes no "me": that is a users row, an event and an
		 * activity line written by a look (issue 11). */
		if (me_lookup(app, e) != TP_OK)
			return e->code;
	} else if (user_ensure(app->db, me_name(app), &app->db->me, e)
	    != TP_OK) {
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
	if (app->cfg_loaded)
		config_free(&app->cfg);
	app->cfg_loaded = 0;
	free(app->owned_db_path);
	app->owned_db_path = NULL;
}
