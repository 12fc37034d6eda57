/*
 * http_stub.c - http.h without a network, for the response fuzz target:
 * every request gets the answer the target set with http_stub_answer
 * (status and body), for at most `times` requests; after that an empty
 * 200 answer, so that paging always ends.  URLs are checked by the same
 * rule as http.c's (https, or http to loopback).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_stub.h"
#include "sync/http.h"

struct http {
	int unused;
};

static long stub_status;
static const char *stub_body;
static size_t stub_len;
static int stub_left, stub_calls;

void
http_stub_answer(long status, const char *body, size_t len, int times)
{
	stub_status = status;
	stub_body = body;
	stub_len = len;
	stub_left = times;
	stub_calls = 0;
}

int
http_stub_calls(void)
{
	return stub_calls;
}

struct http *
http_new(int connect_timeout, int total_timeout)
{
	(void)connect_timeout;
	(void)total_timeout;
	return xcalloc(1, sizeof(struct http));
}

void
http_free(struct http *h)
{
	free(h);
}

void
http_fresh_writes(struct http *h, int on)
{
	(void)h;
	(void)on;
}

int
http_check_url(const char *url, struct err *e)
{
	if (strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://127.0.0.1", 16) == 0 ||
	    strncmp(url, "http://localhost", 16) == 0)
		return TP_OK;
	return err_set(e, TP_BADINPUT, "bad URL '%s'", url);
}

int
http_request(struct http *h, const char *method, const char *url,
    const char *const *headers, const char *body, struct http_resp *r,
    struct err *e)
{
	(void)h;
	(void)method;
	(void)url;
	(void)headers;
	(void)body;
	(void)e;
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	r->fail = HTTP_OK;
	r->retry_after = -1;
	stub_calls++;
	if (stub_left > 0) {
		stub_left--;
		r->status = stub_status;
		buf_addn(&r->body, stub_body, stub_len);
	} else {
		r->status = 200;
		buf_add(&r->body, "{}");
	}
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
	struct buf b;
	char *out;

	(void)h;
	buf_init(&b);
	for (; *s; s++) {
		if (isalnum((unsigned char)*s) || strchr("-._~", *s))
			buf_addc(&b, *s);
		else
			buf_addf(&b, "%%%02X", (unsigned char)*s);
	}
	out = buf_detach(&b);
	buf_free(&b);           /* what buf_init may have given b again */
	return out;
}
