/* cli_time.c - the 'time' commands: log, the timer, and the list. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "service/timeentry.h"
#include "service/user.h"

/* --user U (default me); time always belongs to someone. */
static int
time_user(struct app *app, const char *who, int64_t *uid, struct err *e)
{
	if (who == NULL)
		who = "me";
	if (strcmp(who, "none") == 0 || *who == '\0')
		return err_set(e, TP_BADINPUT, "bad user '%s': time belongs to a "
		    "user (a name, an id or me)", who);
	return user_resolve(app->db, who, uid, e);
}

static int
cmd_log(struct app *app, const struct cli_args *a, struct err *e)
{
	struct time_new t = { 0 };
	const char *v = cli_opt(a, "user");
	int64_t id;

	if (cli_parse_id(a->pos[0], "ticket id", &t.ticket_id, e) != TP_OK ||
	    cli_parse_int(a->pos[1], "minutes", 1, 1440, &t.minutes, e) != TP_OK)
		return e->code;
	if (v != NULL && (*v == '\0' || strcmp(v, "none") == 0))
		return err_set(e, TP_BADINPUT, "bad user '%s': time belongs to a "
		    "user (a name, an id or me)", v);
	if ((t.work_date = cli_opt(a, "date")) &&
	    clock_check_date(t.work_date, e) != TP_OK) {
		err_prefix(e, "--date");
		return e->code;
	}
	t.not_billable = cli_flag(a, "no-billable");
	t.note = cli_opt(a, "note");
	if (app_db(app, e) != TP_OK || time_user(app, v, &t.user_id, e) != TP_OK)
		return e->code;
	if (time_log(app->db, &t, &id, e) != TP_OK) {
		if (strcmp(e->field, "work_date") == 0)
			err_prefix(e, "--date");
		return e->code;
	}
	return cli_print_id(app, "time entry", id, e);
}

static int
cmd_start(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t ticket, uid, id;

	if (cli_parse_id(a->pos[0], "ticket id", &ticket, e) != TP_OK ||
	    app_db(app, e) != TP_OK || time_user(app, NULL, &uid, e) != TP_OK ||
	    time_start(app->db, ticket, uid, &id, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"id\":%lld,\"ticket_id\":%lld}\n",
		    (long long)id, (long long)ticket);
	else
		fprintf(app->out, "timer started on ticket %lld\n",
		    (long long)ticket);
	return TP_OK;
}

/* time stop --discard: the timer goes, nothing is logged. */
static int
stop_discard(struct app *app, int64_t uid, struct err *e)
{
	int64_t ticket, seconds;

	if (time_discard(app->db, uid, &ticket, &seconds, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"discarded\":true,\"ticket_id\":%lld,"
		    "\"elapsed_seconds\":%lld}\n", (long long)ticket,
		    (long long)seconds);
	else
		fprintf(app->out, "timer on ticket %lld discarded after %lld "
		    "s: nothing logged\n", (long long)ticket,
		    (long long)seconds);
	return TP_OK;
}

/* How long the running timer has run, or -1 when none runs. */
static int64_t
timer_seconds(struct app *app, int64_t uid)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	int64_t s = -1;

	if (time_status(app->db, uid, &r, &e) == TP_OK && r.n > 0)
		s = rows_int(&r, 0, "elapsed_seconds");
	rows_free(&r);
	return s;
}

static int
cmd_stop(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t uid, id, minutes, ran;

	if (app_db(app, e) != TP_OK || time_user(app, NULL, &uid, e) != TP_OK)
		return e->code;
	if (cli_flag(a, "discard"))
		return stop_discard(app, uid, e);
	ran = timer_seconds(app, uid);
	if (time_stop(app->db, uid, &id, &minutes, e) != TP_OK)
		return e->code;
	/* Seconds billed as a minute (or an increment) should not pass
	 * unremarked: say so, and how not to. */
	if (ran >= 0 && ran < 60)
		fprintf(stderr, "termpsa: the timer ran %lld s: logged as %lld "
		    "min (rounded up%s); 'time stop --discard' drops a timer "
		    "without logging it\n", (long long)ran, (long long)minutes,
		    app->db->timer_rounding > 1 ? " to billing.timer_rounding" :
		    "");
	if (app->json)
		fprintf(app->out, "{\"id\":%lld,\"minutes\":%lld}\n",
		    (long long)id, (long long)minutes);
	else
		fprintf(app->out, "time entry %lld: %lld min\n", (long long)id,
		    (long long)minutes);
	return TP_OK;
}

static int
cmd_status(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows r = { 0 };
	int64_t uid;
	int rc;

	(void)a;
	if (app_db(app, e) != TP_OK || time_user(app, NULL, &uid, e) != TP_OK)
		return e->code;
	rc = time_status(app->db, uid, &r, e);
	if (rc == TP_OK && r.n)
		rc = cli_print_record(app, &r, 0, e);
	else if (rc == TP_OK)
		cli_print_json(app, app->json ? "null" : "no timer running");
	rows_free(&r);
	return rc;
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "number", "project_name", "user_name", "work_date", "minutes",
		"billing", "note", NULL
	};
	struct time_filter f = { 0 };
	struct rows r = { 0 };
	const char *v = cli_opt(a, "user");
	int64_t n;
	int rc;

	if ((cli_opt(a, "ticket") && cli_parse_id(cli_opt(a, "ticket"),
	    "--ticket id", &f.ticket_id, e) != TP_OK))
		return e->code;
	if (cli_parse_paging(a, 1000, &f.limit, NULL, e) != TP_OK)
		return e->code;
	if (v != NULL && (*v == '\0' || strcmp(v, "none") == 0))
		return err_set(e, TP_BADINPUT, "bad user '%s': time belongs to a "
		    "user (a name, an id or me)", v);
	f.uninvoiced = cli_flag(a, "uninvoiced");
	if (app_db(app, e) != TP_OK ||
	    (v && time_user(app, v, &f.user_id, e) != TP_OK))
		return e->code;
	if (f.ticket_id && db_int(app->db, e, &n, "SELECT id FROM tickets WHERE "
	    "id = ?1", "i", f.ticket_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)f.ticket_id);
	rc = time_list(app->db, &f, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

const struct cli_cmd cli_time_cmds[] = {
	{ "time log", "TICKET MINUTES [--user U] [--date YYYY-MM-DD] "
	  "[--no-billable] [--note N]", "log finished work on a ticket",
	  "user=,date=,no-billable,note=", 2, 2, cmd_log },
	{ "time start", "TICKET", "start your timer on a ticket", "", 1, 1,
	  cmd_start },
	{ "time stop", "[--discard]", "stop your timer and log the minutes "
	  "(rounded up to billing.timer_rounding); --discard logs nothing",
	  "discard", 0, 0, cmd_stop },
	{ "time status", "", "your running timer", "", 0, 0, cmd_status },
	{ "time list", "[--ticket ID] [--user U] [--uninvoiced] [--limit N]",
	  "time entries, newest first", "ticket=,user=,uninvoiced,limit=", 0, 0,
	  cmd_list },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
