/* auth.c - secrets and authentication for the sync helper (see sync.h).
 *
 * Secrets come from an environment variable or a command (token_command,
 * run without a shell through proc.h), never from the config file.  They
 * are kept in memory only, wiped when the run ends, and scrubbed out of
 * every message; no function here logs. */
#include <stdlib.h>
#include <string.h>

#include "core/proc.h"
#include "sync/sync.h"

static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	memset(s, 0, strlen(s));
	free(s);
}

/* The secret named by env (an environment variable) or produced by argv. */
static int
fetch_secret(const char *env, char **argv, const char *what, char **out,
    struct err *e)
{
	struct buf b;
	char *nl;

	*out = NULL;
	if (env != NULL && *env != '\0') {
		const char *v = getenv(env);

		if (v == NULL || *v == '\0')
			return err_set(e, TP_BADINPUT, "sync.auth: the environment "
			    "variable %s (%s) is not set", env, what);
		*out = xstrdup(v);
		return TP_OK;
	}
	if (argv != NULL && argv[0] != NULL) {
		buf_init(&b);
		if (proc_run(argv, NULL, 10, &b, e) != TP_OK) {
			wipe_free(js_take(&b));
			/* proc's message names the command, never its output */
			err_prefix(e, "sync.auth.token_command");
			e->code = TP_BADINPUT;
			return TP_BADINPUT;
		}
		if ((nl = strchr(b.s, '\n')) != NULL)
			*nl = '\0';
		if (b.s[0] == '\0') {
			wipe_free(js_take(&b));
			return err_set(e, TP_BADINPUT, "sync.auth.token_command "
			    "printed nothing");
		}
		*out = js_take(&b);
		return TP_OK;
	}
	return err_set(e, TP_BADINPUT, "sync.auth: %s needs token_env or "
	    "token_command", what);
}

int
auth_init(struct sync *s, struct err *e)
{
	const struct config_auth *a = &s->cfg->auth;
	char *pkind = js_text(s->js, s->prof.json, "$.auth.kind");
	static char kind[16];

	snprintf(kind, sizeof kind, "%s", a->kind ? a->kind :
	    pkind ? pkind : "bearer");
	free(pkind);
	s->kind = kind;
	if (strcmp(kind, "bearer") == 0 || strcmp(kind, "api_key") == 0)
		return fetch_secret(a->token_env, a->token_command, "the token",
		    &s->secret, e);
	if (strcmp(kind, "headers") == 0) {
		if (a->token_env == NULL && a->token_command == NULL)
			return TP_OK;   /* static headers only */
		return fetch_secret(a->token_env, a->token_command, "the token",
		    &s->secret, e);
	}
	if (strcmp(kind, "basic") == 0) {
		if (a->username == NULL)
			return err_set(e, TP_BADINPUT, "sync.auth: basic needs a "
			    "username");
		return fetch_secret(a->password_env ? a->password_env :
		    a->token_env, a->token_command, "the password", &s->secret,
		    e);
	}
	if (strcmp(kind, "oauth2") == 0) {
		if (a->token_url == NULL || a->client_id == NULL)
			return err_set(e, TP_BADINPUT, "sync.auth: oauth2 needs "
			    "token_url and client_id");
		if (http_check_url(a->token_url, e) != TP_OK) {
			err_prefix(e, "sync.auth.token_url");
			return e->code;
		}
		return fetch_secret(a->client_secret_env ? a->client_secret_env
		    : a->token_env, a->token_command, "the client secret",
		    &s->secret, e);
	}
	return err_set(e, TP_BADINPUT, "bad sync.auth.kind '%s': expected one "
	    "of bearer, api_key, basic, headers, oauth2", kind);
}

static void
add_header(char ***headers, char *line)
{
	size_t n = 0;

	while (*headers && (*headers)[n])
		n++;
	*headers = xrealloc(*headers, (n + 2) * sizeof **headers);
	(*headers)[n] = line;
	(*headers)[n + 1] = NULL;
}

static char *
base64(const char *in)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(in), o = 0;
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned char)in[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

static const char *
api_key_param(struct sync *s, char **owned)
{
	*owned = js_text(s->js, s->prof.json, "$.auth.param");
	if (s->cfg->auth.param)
		return s->cfg->auth.param;
	return *owned ? *owned : "api_key";
}

static const char *
api_key_in(struct sync *s, char **owned)
{
	*owned = js_text(s->js, s->prof.json, "$.auth.in");
	if (s->cfg->auth.in)
		return s->cfg->auth.in;
	return *owned ? *owned : "body";
}

int
auth_apply(struct sync *s, struct buf *url, char **body, char ***headers,
    struct err *e)
{
	struct buf b;

	buf_init(&b);
	if (strcmp(s->kind, "bearer") == 0) {
		buf_addf(&b, "Authorization: Bearer %s", s->secret);
		add_header(headers, buf_detach(&b));
	} else if (strcmp(s->kind, "oauth2") == 0) {
		if (s->oauth_token == NULL && auth_oauth_refresh(s, e) != TP_OK)
			return e->code;
		buf_addf(&b, "Authorization: Bearer %s", s->oauth_token);
		add_header(headers, buf_detach(&b));
	} else if (strcmp(s->kind, "basic") == 0) {
		char *enc;

		buf_addf(&b, "%s:%s", s->cfg->auth.username, s->secret);
		enc = base64(b.s);
		memset(b.s, 0, b.len);
		buf_reset(&b);
		buf_addf(&b, "Authorization: Basic %s", enc);
		wipe_free(enc);
		add_header(headers, buf_detach(&b));
	} else if (strcmp(s->kind, "headers") == 0) {
		for (char **h = s->cfg->auth.headers; h && *h; h++) {
			const char *t = strstr(*h, "{token}");

			buf_reset(&b);
			if (t != NULL && s->secret != NULL) {
				buf_addn(&b, *h, (size_t)(t - *h));
				buf_add(&b, s->secret);
				buf_add(&b, t + 7);
			} else {
				buf_add(&b, *h);
			}
			add_header(headers, buf_detach(&b));
		}
	} else if (strcmp(s->kind, "api_key") == 0) {
		char *o1, *o2;
		const char *param = api_key_param(s, &o1);
		const char *in = api_key_in(s, &o2);

		if (strcmp(in, "query") == 0 || *body == NULL) {
			char *k = http_escape(s->http, param);
			char *v = http_escape(s->http, s->secret);

			buf_addf(url, "%s%s=%s", strchr(url->s, '?') ? "&" : "?",
			    k, v);
			free(k);
			wipe_free(v);
		} else {
			char *p = js_key_path("$", param);
			char *q = js_quote(s->js, s->secret);
			char *nb = js_set(s->js, *body, p, q);

			free(p);
			wipe_free(q);
			wipe_free(*body);
			*body = nb;
		}
		free(o1);
		free(o2);
	}
	buf_free(&b);
	return TP_OK;
}

int
auth_oauth_refresh(struct sync *s, struct err *e)
{
	const struct config_auth *a = &s->cfg->auth;
	struct http_resp r;
	struct buf form;
	char *id = http_escape(s->http, a->client_id);
	char *sec = http_escape(s->http, s->secret);
	char *answer, *tok;
	const char *hdr[] = { "Content-Type: application/x-www-form-urlencoded",
	    NULL };

	wipe_free(s->oauth_token);
	s->oauth_token = NULL;
	buf_init(&form);
	buf_addf(&form, "grant_type=client_credentials&client_id=%s"
	    "&client_secret=%s", id, sec);
	if (a->scope) {
		char *sc = http_escape(s->http, a->scope);

		buf_addf(&form, "&scope=%s", sc);
		free(sc);
	}
	free(id);
	wipe_free(sec);
	http_request(s->http, "POST", a->token_url, hdr, form.s, &r, e);
	memset(form.s, 0, form.len);
	buf_free(&form);
	if (r.fail != HTTP_OK || r.status != 200) {
		long st = r.status;

		http_resp_free(&r);
		return err_set(e, TP_UNAVAILABLE, "oauth2 token request failed "
		    "(%s%ld)", st ? "HTTP " : "no answer", st);
	}
	answer = js_body(s->js, r.body.s);
	memset(r.body.s, 0, r.body.len);
	http_resp_free(&r);
	tok = answer ? js_text(s->js, answer, "$.access_token") : NULL;
	wipe_free(answer);
	if (tok == NULL)
		return err_set(e, TP_UNAVAILABLE, "oauth2 token answer has no "
		    "access_token");
	s->oauth_token = tok;
	return TP_OK;
}

static void
scrub_one(char *text, const char *secret)
{
	size_t n;
	char *p;

	if (secret == NULL || (n = strlen(secret)) < 4)
		return;
	while ((p = strstr(text, secret)) != NULL) {
		memcpy(p, "***", 3);
		memmove(p + 3, p + n, strlen(p + n) + 1);
	}
}

void
sync_scrub(struct sync *s, char *text)
{
	if (text == NULL)
		return;
	scrub_one(text, s->secret);
	scrub_one(text, s->oauth_token);
}

void
auth_free(struct sync *s)
{
	wipe_free(s->secret);
	wipe_free(s->oauth_token);
	s->secret = s->oauth_token = NULL;
}
