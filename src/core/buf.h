/*
 * buf.h - a growable, always NUL-terminated byte string.
 *
 * The buffer owns its storage; buf_free releases it, buf_detach hands it to
 * the caller (who then frees it with free()) and leaves the buffer empty
 * and owning nothing, so no buf_free is needed after it.  An empty buffer
 * allocates nothing until the first byte is added.  Allocation failure aborts:
 * a terminal tool has nothing better to do when malloc fails.
 */
#ifndef TP_BUF_H
#define TP_BUF_H

#include <stddef.h>

struct buf {
	char   *s;     /* never NULL after buf_init; "" when empty */
	size_t  len;
	size_t  cap;
};

void  buf_init(struct buf *b);
void  buf_free(struct buf *b);
void  buf_reset(struct buf *b);             /* len = 0, keeps storage */
char *buf_detach(struct buf *b);            /* caller frees; b is reset */
void  buf_add(struct buf *b, const char *s);
void  buf_addn(struct buf *b, const char *s, size_t n);
void  buf_addc(struct buf *b, char c);
void  buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void  buf_truncate(struct buf *b, size_t len);

/* strdup that aborts on failure and maps NULL to NULL. */
char *xstrdup(const char *s);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);

#endif
