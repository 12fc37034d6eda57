/* activity.c - see activity.h. */
#include "core/clock.h"
#include "service/activity.h"

int
activity_add(struct db *db, int64_t client_id, const char *entity,
    int64_t entity_id, const char *line, struct err *e)
{
	return db_exec(db, e,
	    "INSERT INTO activity(client_id, user_id, entity, entity_id, line, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "IItIti", client_id, db->me, entity, entity_id, line, clock_now());
}

int
activity_list(struct db *db, int64_t client_id, int limit, struct rows *out,
    struct err *e)
{
	return rows_query(db, out, e,
	    "SELECT a.id, a.client_id, c.name AS client_name, a.entity, "
	    "a.entity_id, a.line, a.created_at FROM activity a "
	    "LEFT JOIN clients c ON c.id = a.client_id "
	    "WHERE (?1 = 0 OR a.client_id = ?1) ORDER BY a.id DESC LIMIT ?2",
	    "ii", client_id, (int64_t)(limit > 0 ? limit : 50));
}
