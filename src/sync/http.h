/*
 * http.h - the sync helper's HTTP client: one libcurl easy handle reused
 * for every request (keep-alive), TLS verification always on, plain http
 * only to loopback, redirects never followed.
 *
 * struct http owns the curl handle; struct http_resp owns its body.
 * Nothing here logs: request bodies and headers may carry secrets.
 */
#ifndef TP_SYNC_HTTP_H
#define TP_SYNC_HTTP_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct http;

enum http_fail {
	HTTP_OK,          /* a response arrived (any status) */
	HTTP_CONNECT,     /* could not connect: nothing was sent */
	HTTP_TIMEOUT,     /* timed out: the outcome is unknown */
	HTTP_BROKEN       /* connection dropped mid-request: unknown */
};

struct http_resp {
	enum http_fail fail;
	long       status;        /* 0 unless fail == HTTP_OK */
	struct buf body;
	int64_t    retry_after;   /* seconds the server asked for, -1 none */
	char       error[256];    /* curl's reason when fail != HTTP_OK */
};

/* A handle with a connect timeout and a total timeout (seconds). */
struct http *http_new(int connect_timeout, int total_timeout);
void http_free(struct http *h);

/* TP_OK when url is https, or http to 127.0.0.0/8, ::1 or localhost;
 * TP_BADINPUT naming the rule otherwise. */
int http_check_url(const char *url, struct err *e);

/* Send one request.  headers is a NULL-terminated list of "Name: value"
 * lines (may be NULL); body may be NULL.  The response (or the transport
 * failure) goes to *r, which the caller frees with http_resp_free.
 * Returns TP_OK whenever the request was attempted. */
int http_request(struct http *h, const char *method, const char *url,
    const char *const *headers, const char *body, struct http_resp *r,
    struct err *e);

void http_resp_free(struct http_resp *r);

/* on: every request but a GET goes on a new connection.  libcurl resends
 * a request whose reused connection died before an answer; for a PSA
 * without idempotency keys that would create a record twice. */
void http_fresh_writes(struct http *h, int on);

/* Escape s for a URL path segment or query value; caller frees. */
char *http_escape(struct http *h, const char *s);

#endif
