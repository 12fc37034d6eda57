/*
 * entity.h - the records the sync helper knows, as one table: for each
 * outbox entity the SQL that reads it as the JSON object profiles map
 * from (push), finds and links it by remote id or uuid, inserts a pulled
 * one, and reads and writes each field a pull may change; and what it
 * waits on (the records it refers to).  push.c and pull.c look entities up
 * here instead of comparing names.  The table is static: nothing to free.
 *
 * Also the one rule matcher both use ("only:" of a pull entity, "match:"
 * of a read-back).
 */
#ifndef TP_SYNC_ENTITY_H
#define TP_SYNC_ENTITY_H

#include <stddef.h>

struct js;

enum pull_kind {
	PULL_NONE,      /* pushed only (notes, time, payments) */
	PULL_RECORD,    /* inserted, then merged field by field */
	PULL_TICKET,    /* as PULL_RECORD, with a number and the 'only' rule */
	PULL_INVOICE    /* read-only: added, never merged */
};

/* A field a pull may change.  get: ?1 local id -> the local value as
 * text (a user by name).  set: ?1 local id, ?2 the value (a user: its id),
 * ?3 now; the statement checks what it accepts (an enum, a date). */
struct sync_field {
	const char *name;
	const char *get;
	const char *set;
	int conflicts;   /* status, priority, assignee: recorded both ways */
	int user;        /* the value is a user name */
};

/* What a record waits on: the entity, the record's table and the column
 * holding that one's local id, and the same as SQL (?1 the record's id;
 * NULL when it refers to nothing). */
struct sync_parent {
	const char *entity;
	const char *table;
	const char *column;
	const char *sql;
	const char *blocked;   /* see entity.c */
};

struct sync_entity {
	const char *name;          /* as in the outbox: "ticket_note" */
	const char *what;          /* for people: "ticket note" */
	const char *record;        /* ?1 id -> the JSON object */
	const char *by_remote;     /* ?1 remote_id -> id */
	const char *by_uuid;       /* ?1 uuid, ?2 remote_id: link, RETURNING id */
	const char *set_remote;    /* ?1 id, ?2 remote_id, when unset */
	const char *insert;        /* ?1 normalised record, ?2 client id, ?3 now */
	enum pull_kind pull;
	int needs_client;          /* a pulled one is skipped without its client */
	const struct sync_field *fields;   /* ends with a NULL name */
	struct sync_parent parents[2];
	const char *client;        /* ?1 id -> its client's id (the cache) */
	const char *unsendable;    /* ?1 id -> 1 when it has nowhere to go */
	const char *unsendable_why;
};

/* The entity named, or NULL. */
const struct sync_entity *sync_entity_find(const char *name);

/* The i-th entity of the table, NULL past the end (for a walk). */
const struct sync_entity *sync_entity_at(size_t i);

/* Does obj (a JSON object) pass rule, an object {member: value or [values]}:
 * every member present, as text, among its values?  A NULL rule passes. */
int sync_rule_matches(struct js *j, const char *rule, const char *obj);

#endif
