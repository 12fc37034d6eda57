/*
 * url.h - the one rule for the PSA's URLs (sync.md: TLS always, plain
 * http only to this machine).  config check and the sync helper both ask
 * url_check, so a URL one accepts the other never refuses.
 *
 * The URL is parsed (scheme, authority, host, port) and the host compared
 * after parsing, never by prefix: https to any well-formed host, http only
 * when the host is loopback (localhost, 127.0.0.0/8 as a dotted quad, or
 * [::1]).  Credentials in the URL (user@host) and percent-encoding in the
 * host are refused: the first would print a secret, the second hides the
 * host from the check.
 */
#ifndef TP_URL_H
#define TP_URL_H

#include "core/err.h"

/* TP_OK, or TP_BADINPUT with why (the message does not repeat the URL,
 * which may hold credentials; the caller names the key). */
int url_check(const char *url, struct err *e);

/* 1 when host (without brackets for IPv6) is loopback. */
int url_host_is_loopback(const char *host);

#endif
