/* http.c - see http.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "core/url.h"
#include "sync/http.h"

#define RETRY_AFTER_MAX 3600   /* sync.md: honoured up to 1 h */
#define BODY_MAX (8 * 1024 * 1024)

struct http {
	CURL *c;
	int   connect_timeout;
	int   total_timeout;
	int   fresh_writes;
};

void
http_fresh_writes(struct http *h, int on)
{
	h->fresh_writes = on;
}

struct http *
http_new(int connect_timeout, int total_timeout)
{
	struct http *h = xcalloc(1, sizeof *h);

	curl_global_init(CURL_GLOBAL_DEFAULT);
	h->c = curl_easy_init();
	if (h->c == NULL)
		abort();
	h->connect_timeout = connect_timeout > 0 ? connect_timeout : 10;
	h->total_timeout = total_timeout > 0 ? total_timeout : 10;
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->c);
	free(h);
	curl_global_cleanup();
}

/* The rule is core/url.c's (config check applies the same); libcurl's
 * own parse is asked too, so that the host it would connect to is the
 * one that was checked. */
int
http_check_url(const char *url, struct err *e)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL;
	struct err why = ERR_INIT;
	int rc = TP_OK;

	if (url_check(url, &why) != TP_OK)
		return err_set(e, TP_BADINPUT, "sync.base_url: %s", why.msg);
	if ((u = curl_url()) == NULL)
		abort();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		rc = err_set(e, TP_BADINPUT, "sync.base_url is not a URL");
	else if (strcasecmp(scheme, "http") == 0) {
		size_t n = strlen(host);

		if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
			memmove(host, host + 1, n - 2);
			host[n - 2] = '\0';
		}
		if (!url_host_is_loopback(host))
			rc = err_set(e, TP_BADINPUT, "sync.base_url: plain http "
			    "is allowed only to loopback (localhost, 127.0.0.1, "
			    "[::1]): use https");
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->len + size * n > BODY_MAX)
		return 0;   /* a runaway answer: abort the transfer */
	buf_addn(b, p, size * n);
	return size * n;
}

static int64_t
parse_retry_after(const char *v)
{
	char *end;
	long long s;
	time_t t;

	while (*v == ' ' || *v == '\t')
		v++;
	s = strtoll(v, &end, 10);
	if (end != v) {
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		if (*end == '\0')
			return s < 0 ? 0 : s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s;
	}
	t = curl_getdate(v, NULL);
	if (t == -1)
		return -1;
	s = (long long)(t - time(NULL));
	return s < 0 ? 0 : s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_resp *r = arg;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof name - 1 && len < 256 &&
	    strncasecmp(p, name, sizeof name - 1) == 0) {
		char v[256];

		memcpy(v, p + sizeof name - 1, len - (sizeof name - 1));
		v[len - (sizeof name - 1)] = '\0';
		r->retry_after = parse_retry_after(v);
	}
	return len;
}

int
http_request(struct http *h, const char *method, const char *url,
    const char *const *headers, const char *body, struct http_resp *r,
    struct err *e)
{
	struct curl_slist *hl = NULL;
	CURLcode cc;
	CURL *c = h->c;

	(void)e;
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	r->retry_after = -1;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)h->connect_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)h->total_timeout);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "termpsa-sync/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	/* libcurl sends a request again, by itself, when a kept-alive
	 * connection dies before any answer: for a write to a PSA without
	 * idempotency keys that is a second record. */
	if (h->fresh_writes && strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	if (body != NULL) {
		int typed = 0;

		for (const char *const *p = headers; p && *p; p++)
			if (strncasecmp(*p, "Content-Type:", 13) == 0)
				typed = 1;
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		if (!typed)
			hl = curl_slist_append(hl, "Content-Type: application/json");
	} else if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	hl = curl_slist_append(hl, "Accept: application/json");
	hl = curl_slist_append(hl, "Expect:");
	for (const char *const *p = headers; p && *p; p++)
		hl = curl_slist_append(hl, *p);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	cc = curl_easy_perform(c);
	/* Drop header lists now: they may hold a token. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hl);
	switch (cc) {
	case CURLE_OK:
		r->fail = HTTP_OK;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		r->fail = HTTP_CONNECT;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		r->fail = HTTP_TIMEOUT;
		break;
	default:
		r->fail = HTTP_BROKEN;
		break;
	}
	if (r->fail != HTTP_OK)
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(cc));
	return TP_OK;
}

void
http_resp_free(struct http_resp *r)
{
	buf_free(&r->body);
}

char *
http_escape(struct http *h, const char *s)
{
	char *q = curl_easy_escape(h->c, s ? s : "", 0);
	char *out = xstrdup(q);

	curl_free(q);
	return out;
}
