/* send.c - the request path of the sync helper: context, URL templates,
 * and one request through the breaker with its outcome classified (see
 * sync.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "sync/sync.h"

int
sync_ctx_init(struct sync *s, struct app *app, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->app = app;
	s->db = app->db;
	s->cfg = &app->cfg.sync;
	s->js = js_open();
	s->bc.threshold = s->cfg->failure_threshold > 0 ?
	    s->cfg->failure_threshold : 5;
	s->bc.open_seconds = s->cfg->open_seconds > 0 ? s->cfg->open_seconds
	    : 30;
	s->bc.probe_lease = (s->cfg->timeout > 0 ? s->cfg->timeout : 10) + 30;
	if (db_text(s->db, e, &s->me, "SELECT name FROM users WHERE id = ?1",
	    "i", s->db->me) != TP_OK)
		s->me = xstrdup("");
	err_clear(e);
	if (s->cfg->base_url == NULL || *s->cfg->base_url == '\0')
		err_set(e, TP_BADINPUT, "sync.base_url is not set");
	else if (http_check_url(s->cfg->base_url, e) == TP_OK)
		profile_load(s->js, s->cfg->profile, &s->prof, e);
	if (e->code != TP_OK) {
		/* Nothing else is held yet; the caller frees nothing. */
		js_close(s->js);
		free(s->me);
		s->js = NULL;
		s->me = NULL;
		return e->code;
	}
	s->http = http_new(s->cfg->timeout > 0 ? s->cfg->timeout : 10,
	    s->cfg->timeout > 0 ? s->cfg->timeout : 10);
	return TP_OK;
}

void
sync_ctx_free(struct sync *s)
{
	auth_free(s);
	push_cache_free(s);
	free(s->success_path);
	free(s->success_equals);
	profile_free(&s->prof);
	http_free(s->http);
	js_close(s->js);
	free(s->me);
	memset(s, 0, sizeof *s);
}

char *
sync_path(const char *dotted)
{
	struct buf b;

	buf_init(&b);
	buf_add(&b, "$");
	if (dotted != NULL && *dotted != '\0') {
		if (*dotted != '[')
			buf_addc(&b, '.');
		buf_add(&b, dotted);
	}
	return js_take(&b);
}

char *
sync_template(struct sync *s, const char *tmpl, const char *record,
    int escape)
{
	struct buf b;
	const char *p = tmpl;

	buf_init(&b);
	while (*p) {
		const char *close;

		if (*p != '{' || (close = strchr(p, '}')) == NULL) {
			buf_addc(&b, *p++);
			continue;
		}
		{
			char name[64], *path, *v;
			size_t n = (size_t)(close - p - 1);

			if (n == 0 || n >= sizeof name) {
				buf_addc(&b, *p++);
				continue;
			}
			memcpy(name, p + 1, n);
			name[n] = '\0';
			if (strcmp(name, "me") == 0) {
				v = xstrdup(s->me);
			} else {
				path = js_key_path("$", name);
				v = js_text(s->js, record ? record : "{}", path);
				free(path);
			}
			if (v != NULL) {
				if (escape) {
					char *q = http_escape(s->http, v);

					buf_add(&b, q);
					free(q);
				} else {
					buf_add(&b, v);
				}
			}
			free(v);
			p = close + 1;
		}
	}
	return js_take(&b);
}

void
sync_add_query(struct sync *s, struct buf *url, const char *spec,
    const char *record)
{
	struct js_list l;

	if (spec == NULL)
		return;
	js_each(s->js, spec, "$", &l);
	for (size_t i = 0; i < l.n; i++) {
		char *raw = js_q(s->js, "SELECT json(?1) ->> '$'", "t", l.val[i]);
		char *v = sync_template(s, raw ? raw : "", record, 0);
		char *k = http_escape(s->http, l.key[i]);
		char *q = http_escape(s->http, v);

		if (*v != '\0')
			buf_addf(url, "%s%s=%s", strchr(url->s, '?') ? "&" : "?",
			    k, q);
		free(raw);
		free(v);
		free(k);
		free(q);
	}
	js_list_free(&l);
}

static int
retryable(long status)
{
	return status == 408 || status == 429 || status == 500 ||
	    status == 502 || status == 503 || status == 504;
}

/* A one-line, terminal-safe, secret-free message of at most 200 bytes. */
static void
set_msg(struct sync *s, struct sync_result *r, const char *prefix,
    const char *text)
{
	struct buf b, safe;

	buf_init(&b);
	buf_init(&safe);
	buf_add(&b, prefix);
	if (text != NULL && *text != '\0') {
		buf_add(&b, ": ");
		buf_add(&b, text);
	}
	sync_scrub(s, b.s);
	text_sanitize(b.s, b.len, 0, &safe);
	if (safe.len > 200) {
		size_t cut = 200;

		/* do not split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)safe.s[cut] & 0xC0) == 0x80)
			cut--;
		buf_truncate(&safe, cut);
	}
	snprintf(r->msg, sizeof r->msg, "%s", safe.s);
	buf_free(&b);
	buf_free(&safe);
}

/* The server's own words: the profile's error path, else the body. */
static void
server_msg(struct sync *s, struct sync_result *r, const char *prefix,
    const char *raw)
{
	char *epath = js_text(s->js, s->prof.json, "$.error");
	char *p = sync_path(epath ? epath : "error");
	char *m = r->answer ? js_text(s->js, r->answer, p) : NULL;

	set_msg(s, r, prefix, m ? m : raw);
	free(epath);
	free(p);
	free(m);
}

/* Does a 2xx answer count as success under the profile's rule? */
static int
profile_success(struct sync *s, const char *answer)
{
	char *got;
	int ok;

	if (!s->success_read) {
		/* read once per run: the profile is a large JSON text */
		char *field = js_text(s->js, s->prof.json, "$.success.field");

		s->success_path = field ? sync_path(field) : NULL;
		s->success_equals = field ? js_text(s->js, s->prof.json,
		    "$.success.equals") : NULL;
		s->success_read = 1;
		free(field);
	}
	if (s->success_path == NULL)
		return 1;
	got = answer ? js_text(s->js, answer, s->success_path) : NULL;
	ok = got != NULL && s->success_equals != NULL &&
	    strcmp(got, s->success_equals) == 0;
	free(got);
	return ok;
}

static void
free_headers(char **h)
{
	for (char **p = h; p && *p; p++) {
		memset(*p, 0, strlen(*p));
		free(*p);
	}
	free(h);
}

static int
one_request(struct sync *s, const char *method, const char *path,
    const char *body, const char *idem_key, struct http_resp *hr,
    struct err *e)
{
	struct buf url, hk;
	char **headers = NULL, *b = body ? xstrdup(body) : NULL;
	int rc;

	buf_init(&url);
	buf_add(&url, s->cfg->base_url);
	while (url.len > 0 && url.s[url.len - 1] == '/' && path[0] == '/')
		buf_truncate(&url, url.len - 1);
	buf_add(&url, path);
	if (idem_key != NULL) {
		buf_init(&hk);
		buf_addf(&hk, "Idempotency-Key: %s", idem_key);
		headers = xcalloc(2, sizeof *headers);
		headers[0] = js_take(&hk);
	}
	rc = auth_apply(s, &url, &b, &headers, e);
	if (rc == TP_OK)
		rc = http_request(s->http, method, url.s,
		    (const char *const *)headers, b, hr, e);
	memset(url.s, 0, url.len);
	buf_free(&url);
	free_headers(headers);
	if (b != NULL) {
		memset(b, 0, strlen(b));
		free(b);
	}
	s->requests++;
	return rc;
}

/* Text from the network is not refused but repaired where it enters:
 * every byte of an answer that is not UTF-8 becomes U+FFFD (core/text's
 * one rule), counted so that the run reports it.  Everything stored from
 * the answer, and every message quoting it, is then valid UTF-8. */
static void
repair_answer(struct sync *s, struct buf *body)
{
	struct buf fixed;
	size_t bad;

	buf_init(&fixed);
	bad = text_repair(body->s, body->len, &fixed);
	if (bad == 0) {
		buf_free(&fixed);
		return;
	}
	s->repaired += (int)bad;
	memset(body->s, 0, body->len);    /* may hold a token */
	buf_free(body);
	*body = fixed;
}

int
sync_send(struct sync *s, const char *method, const char *path,
    const char *body, const char *idem_key, struct sync_result *r,
    struct err *e)
{
	enum breaker_decision d;
	struct http_resp hr;
	int64_t until;
	char prefix[48];

	memset(r, 0, sizeof *r);
	r->retry_after = -1;
	if (breaker_allow(s->db, &s->bc, &d, &until, e) != TP_OK)
		return e->code;
	if (d == BREAKER_DENY) {
		char hhmm[8];

		breaker_hhmm(until, hhmm);
		r->outcome = SYNC_DENIED;
		s->denied = 1;
		s->deny_until = until;
		snprintf(r->msg, sizeof r->msg, "breaker open until %s", hhmm);
		return TP_OK;
	}
	if (one_request(s, method, path, body, idem_key, &hr, e) != TP_OK)
		return e->code;
	if (hr.fail == HTTP_OK && hr.status == 401 &&
	    strcmp(s->kind, "oauth2") == 0) {
		/* The cached token expired: one fresh token, one more try. */
		http_resp_free(&hr);
		if (auth_oauth_refresh(s, e) != TP_OK ||
		    one_request(s, method, path, body, idem_key, &hr, e) != TP_OK)
			return e->code;
	}
	r->status = hr.status;
	r->retry_after = hr.retry_after;
	if (hr.fail != HTTP_OK) {
		r->transport = 1;
		r->unknown = hr.fail != HTTP_CONNECT;
		r->outcome = SYNC_RETRY;
		s->transport_failures++;
		set_msg(s, r, hr.fail == HTTP_CONNECT ? "cannot reach the PSA" :
		    hr.fail == HTTP_TIMEOUT ? "the PSA did not answer in time" :
		    "the connection to the PSA broke", hr.error);
	} else {
		repair_answer(s, &hr.body);
		r->answer = js_body(s->js, hr.body.s);
		snprintf(prefix, sizeof prefix, "HTTP %ld", hr.status);
		if (hr.status == 401 || hr.status == 403) {
			r->outcome = SYNC_AUTH;
			server_msg(s, r, prefix, hr.body.len < 200 ? hr.body.s : "");
		} else if (retryable(hr.status)) {
			r->outcome = SYNC_RETRY;
			r->unknown = hr.status == 504;
			server_msg(s, r, prefix, "");
		} else if (hr.status >= 200 && hr.status < 300 &&
		    profile_success(s, r->answer)) {
			r->outcome = SYNC_OK;
		} else {
			r->outcome = SYNC_PERMANENT;
			server_msg(s, r, prefix, hr.body.len < 200 ? hr.body.s : "");
		}
	}
	memset(hr.body.s, 0, hr.body.len);
	http_resp_free(&hr);
	if (r->outcome == SYNC_RETRY) {
		if (breaker_failure(s->db, &s->bc, NULL, e) != TP_OK)
			return e->code;
		s->errors++;
		sync_note_error(s->db, r->msg, e);
	} else if (r->outcome == SYNC_AUTH) {
		/* The server is up (the breaker is not its business), but
		 * nothing will go through until the credentials are fixed. */
		if (breaker_success(s->db, e) != TP_OK)
			return e->code;
		snprintf(s->auth_msg, sizeof s->auth_msg, "authentication "
		    "failed: %s", r->msg);
		s->auth_failed = 1;
		sync_note_auth(s->db, s->auth_msg, e);
	} else {
		s->successes++;
		if (breaker_success(s->db, e) != TP_OK)
			return e->code;
		/* A read answered 200 without success is how ITFlow says
		 * "empty list": the caller decides, it is no error here. */
		if (r->outcome == SYNC_PERMANENT && !(r->status == 200 &&
		    strcmp(method, "GET") == 0)) {
			s->errors++;
			sync_note_error(s->db, r->msg, e);
		}
	}
	return TP_OK;
}

void
sync_result_free(struct sync_result *r)
{
	free(r->answer);
	r->answer = NULL;
}
