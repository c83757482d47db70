/* sim-store.c: the portal simulator's SQLite database.
 *
 * One table, one connection, used from the main loop only. Every write is a
 * single statement or an IMMEDIATE transaction, committed before the HTTP reply
 * is built, so a receipt the simulator hands out is always on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "sim-store.h"

G_DEFINE_QUARK (sim-store-error-quark, sim_store_error)

struct _SimStore
{
  sqlite3 *db;
};

#define SCHEMA_VERSION 1

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS dossiers ("
  "  seq             INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  dossier_code    TEXT UNIQUE,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  body            TEXT NOT NULL,"
  "  body_hash       TEXT NOT NULL,"
  "  procedure_code  TEXT NOT NULL,"
  "  tracking_url    TEXT NOT NULL DEFAULT '',"
  "  received_at     TEXT NOT NULL,"
  "  status          TEXT NOT NULL DEFAULT 'received',"
  "  updated_at      TEXT NOT NULL,"
  "  times_replayed  INTEGER NOT NULL DEFAULT 0"
  ");";

#define DOSSIER_COLUMNS \
  "seq, dossier_code, idempotency_key, body, body_hash, procedure_code, " \
  "tracking_url, received_at, status, updated_at, times_replayed"

void
sim_dossier_free (SimDossier *dossier)
{
  if (dossier == NULL)
    return;
  g_free (dossier->dossier_code);
  g_free (dossier->idempotency_key);
  g_free (dossier->body);
  g_free (dossier->body_hash);
  g_free (dossier->procedure_code);
  g_free (dossier->tracking_url);
  g_free (dossier->received_at);
  g_free (dossier->status);
  g_free (dossier->updated_at);
  g_free (dossier);
}

char *
sim_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
set_sqlite_error (SimStore    *self,
                  GError     **error,
                  const char  *what)
{
  g_set_error (error, SIM_STORE_ERROR, SIM_STORE_ERROR_SQLITE,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (SimStore    *self,
      const char  *sql,
      GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, SIM_STORE_ERROR, SIM_STORE_ERROR_SQLITE, "%s", msg);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (SimStore    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static SimDossier *
dossier_from_row (sqlite3_stmt *stmt)
{
  SimDossier *d = g_new0 (SimDossier, 1);

  d->seq = sqlite3_column_int64 (stmt, 0);
  d->dossier_code = column_dup (stmt, 1);
  d->idempotency_key = column_dup (stmt, 2);
  d->body = column_dup (stmt, 3);
  d->body_hash = column_dup (stmt, 4);
  d->procedure_code = column_dup (stmt, 5);
  d->tracking_url = column_dup (stmt, 6);
  d->received_at = column_dup (stmt, 7);
  d->status = column_dup (stmt, 8);
  d->updated_at = column_dup (stmt, 9);
  d->times_replayed = sqlite3_column_int64 (stmt, 10);
  return d;
}

SimStore *
sim_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(SimStore) self = g_new0 (SimStore, 1);
  sqlite3_stmt *stmt;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SIM_STORE_ERROR, SIM_STORE_ERROR_SQLITE,
                   "cannot open %s: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", error))
    return NULL;

  if (!(stmt = prepare (self, "PRAGMA user_version", error)))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, SIM_STORE_ERROR, SIM_STORE_ERROR_SQLITE,
                   "%s has schema version %d, newer than this simulator's %d",
                   path, version, SCHEMA_VERSION);
      return NULL;
    }
  if (!exec (self, schema_sql, error) ||
      !exec (self, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error))
    return NULL;

  return g_steal_pointer (&self);
}

void
sim_store_free (SimStore *self)
{
  if (self == NULL)
    return;
  if (self->db)
    sqlite3_close (self->db);
  g_free (self);
}

static SimDossier *
find_by (SimStore    *self,
         const char  *column_sql,
         const char  *value,
         GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " DOSSIER_COLUMNS
                                          " FROM dossiers WHERE %s = ?", column_sql);
  sqlite3_stmt *stmt;
  SimDossier *d = NULL;
  int rc;

  if (!(stmt = prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = dossier_from_row (stmt);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error, "select");
  sqlite3_finalize (stmt);
  return d;
}

SimDossier *
sim_store_find_by_key (SimStore    *self,
                       const char  *idempotency_key,
                       GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_by (self, "idempotency_key", idempotency_key, error);
}

SimDossier *
sim_store_find_by_code (SimStore    *self,
                        const char  *dossier_code,
                        GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_by (self, "dossier_code", dossier_code, error);
}

static char *
expand_pattern (const char *pattern,
                const char *code)
{
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
  g_auto(GStrv) parts = g_strsplit (pattern, "{code}", -1);

  return g_strjoinv (escaped, parts);
}

SimDossier *
sim_store_insert (SimStore    *self,
                  const char  *idempotency_key,
                  const char  *body,
                  const char  *body_hash,
                  const char  *procedure_code,
                  const char  *tracking_url_pattern,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_s = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *day = g_date_time_format (now, "%y%m%d");
  g_autofree char *code = NULL;
  g_autofree char *tracking_url = NULL;
  sqlite3_stmt *stmt;
  gint64 seq;

  g_return_val_if_fail (self != NULL, NULL);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = prepare (self,
                  "INSERT INTO dossiers (idempotency_key, body, body_hash, procedure_code,"
                  " received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (!stmt)
    goto rollback;
  sqlite3_bind_text (stmt, 1, idempotency_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, body_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, procedure_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now_s, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now_s, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "insert");
      sqlite3_finalize (stmt);
      goto rollback;
    }
  sqlite3_finalize (stmt);

  /* The code carries the row's sequence number, known only after the insert. */
  seq = sqlite3_last_insert_rowid (self->db);
  code = g_strdup_printf ("SIM-%s-%06" G_GINT64_FORMAT, day, seq);
  tracking_url = expand_pattern (tracking_url_pattern, code);

  stmt = prepare (self, "UPDATE dossiers SET dossier_code = ?, tracking_url = ? WHERE seq = ?",
                  error);
  if (!stmt)
    goto rollback;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tracking_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, seq);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "update");
      sqlite3_finalize (stmt);
      goto rollback;
    }
  sqlite3_finalize (stmt);

  if (!exec (self, "COMMIT", error))
    goto rollback;

  return sim_store_find_by_code (self, code, error);

rollback:
  exec (self, "ROLLBACK", NULL);
  return NULL;
}

gboolean
sim_store_count_replay (SimStore    *self,
                        gint64       seq,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = prepare (self, "UPDATE dossiers SET times_replayed = times_replayed + 1"
                              " WHERE seq = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error, "update");
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
sim_store_set_status (SimStore    *self,
                      const char  *dossier_code,
                      const char  *status,
                      GError     **error)
{
  g_autofree char *now = sim_now_rfc3339 ();
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = prepare (self, "UPDATE dossiers SET status = ?, updated_at = ?"
                              " WHERE dossier_code = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, dossier_code, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error, "update");
  sqlite3_finalize (stmt);
  return ok && sqlite3_changes (self->db) > 0;
}

GPtrArray *
sim_store_list (SimStore    *self,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_dossier_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT " DOSSIER_COLUMNS " FROM dossiers ORDER BY seq", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, dossier_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "select");
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
sim_store_reset (SimStore    *self,
                 GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* Also restart the sequence, so a test sees the same codes after a reset. */
  if (!exec (self,
             "BEGIN IMMEDIATE;"
             "DELETE FROM dossiers;"
             "DELETE FROM sqlite_sequence WHERE name = 'dossiers';"
             "COMMIT;", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}
