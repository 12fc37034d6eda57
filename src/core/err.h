/*
 * err.h - errors as values: a code and a message for a person.
 *
 * Every fallible function in src/ takes a `struct err *` last, fills it on
 * failure and returns the same code.  The CLI maps the code to an exit
 * status (err_exit_status) and prints "termpsa: <msg>"; the UI shows msg in
 * its status line.  Nothing under src/ prints.  The struct owns no memory.
 *
 * A validation error also names the input it is about in field: the
 * member of the service's input struct ("email", "due_date", "client_id"),
 * so that a form focuses that field instead of reading the message.
 */
#ifndef TP_ERR_H
#define TP_ERR_H

enum tp_code {
	TP_OK = 0,
	TP_NOTFOUND,     /* a referenced record does not exist     -> exit 1  */
	TP_REFUSED,      /* a domain rule says no                  -> exit 1  */
	TP_USAGE,        /* wrong command words                    -> exit 64 */
	TP_BADINPUT,     /* a value that does not parse or fit     -> exit 65 */
	TP_UNAVAILABLE,  /* remote PSA unreachable or breaker open -> exit 69 */
	TP_INTERNAL,     /* a bug or an impossible state           -> exit 70 */
	TP_IO,           /* database or file I/O                   -> exit 74 */
	TP_AUTH          /* the remote PSA refused the credentials -> exit 77 */
};

struct err {
	int  code;
	char msg[512];
	char field[32];   /* the input it is about, or "" */
};

#define ERR_INIT { TP_OK, "", "" }

/* Fill e (which may be NULL) with code and a printf-style message, and no
 * field; returns code so that callers can write
 * `return err_set(e, TP_REFUSED, ...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, naming the input field the error is about. */
int err_set_field(struct err *e, int code, const char *field,
    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Name the field of an error already set with code (when the function
 * that set it did not know which input it checked); returns code. */
int err_field(struct err *e, int code, const char *field);

/* Prefix an existing message with "what: " (for context on the way up);
 * the field stays. */
void err_prefix(struct err *e, const char *what);

/* Clear e back to TP_OK. */
void err_clear(struct err *e);

/* The process exit status the CLI contract gives a code (cli.md). */
int err_exit_status(int code);

#endif
