/*
 * http_stub.h - the answer http_stub.c gives (fuzz targets only): status
 * and body (borrowed until the next call) for the next `times` requests.
 */
#ifndef TP_HTTP_STUB_H
#define TP_HTTP_STUB_H

#include <stddef.h>

void http_stub_answer(long status, const char *body, size_t len, int times);
int  http_stub_calls(void);

#endif
