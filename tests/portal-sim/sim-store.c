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

/* 1: dossiers. 2: uploads and dossier_attachments. */
#define SCHEMA_VERSION 2

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
  ");"
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  seq             INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id              TEXT NOT NULL UNIQUE,"
  "  key             TEXT UNIQUE,"
  "  length          INTEGER NOT NULL,"
  "  upload_offset   INTEGER NOT NULL DEFAULT 0,"
  "  metadata        TEXT,"
  "  filename        TEXT,"
  "  content_type    TEXT,"
  "  sha256_declared TEXT,"
  "  sha256          TEXT,"
  "  complete        INTEGER NOT NULL DEFAULT 0,"
  "  created_at      TEXT NOT NULL,"
  "  expires_at      INTEGER NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS dossier_attachments ("
  "  dossier_seq     INTEGER NOT NULL REFERENCES dossiers (seq),"
  "  idx             INTEGER NOT NULL,"
  "  upload_id       TEXT NOT NULL,"
  "  document        TEXT NOT NULL,"
  "  filename        TEXT NOT NULL,"
  "  content_type    TEXT NOT NULL,"
  "  sha256          TEXT NOT NULL,"
  "  size            INTEGER NOT NULL,"
  "  PRIMARY KEY (dossier_seq, idx)"
  ");"
  "CREATE INDEX IF NOT EXISTS dossier_attachments_upload ON dossier_attachments (upload_id);";

#define UPLOAD_COLUMNS \
  "id, key, length, upload_offset, metadata, filename, content_type, sha256_declared, sha256, " \
  "complete, created_at, expires_at, " \
  "(SELECT count(*) FROM dossier_attachments a WHERE a.upload_id = uploads.id)"

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

void
sim_attachment_free (SimAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->upload_id);
  g_free (a->document);
  g_free (a->filename);
  g_free (a->content_type);
  g_free (a->sha256);
  g_free (a);
}

void
sim_upload_free (SimUpload *u)
{
  if (u == NULL)
    return;
  g_free (u->id);
  g_free (u->key);
  g_free (u->metadata);
  g_free (u->filename);
  g_free (u->content_type);
  g_free (u->sha256_declared);
  g_free (u->sha256);
  g_free (u->created_at);
  g_free (u);
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
                  GPtrArray   *attachments,
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

  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      const SimAttachment *a = g_ptr_array_index (attachments, i);

      stmt = prepare (self,
                      "INSERT INTO dossier_attachments (dossier_seq, idx, upload_id, document,"
                      " filename, content_type, sha256, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      error);
      if (!stmt)
        goto rollback;
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, a->upload_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, a->document, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, a->filename, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, a->content_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, a->sha256, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 8, a->size);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_sqlite_error (self, error, "insert attachment");
          sqlite3_finalize (stmt);
          goto rollback;
        }
      sqlite3_finalize (stmt);
    }

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
             "DELETE FROM dossier_attachments;"
             "DELETE FROM dossiers;"
             "DELETE FROM uploads;"
             "DELETE FROM sqlite_sequence WHERE name IN ('dossiers', 'uploads');"
             "COMMIT;", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sim_store_list_attachments (SimStore  *self,
                            gint64     seq,
                            GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_attachment_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT upload_id, document, filename, content_type, sha256, size"
                              " FROM dossier_attachments WHERE dossier_seq = ? ORDER BY idx",
                        error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SimAttachment *a = g_new0 (SimAttachment, 1);

      a->upload_id = column_dup (stmt, 0);
      a->document = column_dup (stmt, 1);
      a->filename = column_dup (stmt, 2);
      a->content_type = column_dup (stmt, 3);
      a->sha256 = column_dup (stmt, 4);
      a->size = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, a);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "select");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Uploads */

static SimUpload *
upload_from_row (sqlite3_stmt *stmt)
{
  SimUpload *u = g_new0 (SimUpload, 1);

  u->id = column_dup (stmt, 0);
  u->key = column_dup (stmt, 1);
  u->length = sqlite3_column_int64 (stmt, 2);
  u->offset = sqlite3_column_int64 (stmt, 3);
  u->metadata = column_dup (stmt, 4);
  u->filename = column_dup (stmt, 5);
  u->content_type = column_dup (stmt, 6);
  u->sha256_declared = column_dup (stmt, 7);
  u->sha256 = column_dup (stmt, 8);
  u->complete = sqlite3_column_int (stmt, 9) != 0;
  u->created_at = column_dup (stmt, 10);
  u->expires_at = sqlite3_column_int64 (stmt, 11);
  u->links = sqlite3_column_int64 (stmt, 12);
  return u;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *value)
{
  if (value)
    sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

gboolean
sim_store_upload_insert (SimStore        *self,
                         const SimUpload *u,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = prepare (self,
                        "INSERT INTO uploads (id, key, length, upload_offset, metadata, filename,"
                        " content_type, sha256_declared, sha256, complete, created_at, expires_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, u->id, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, u->key);
  sqlite3_bind_int64 (stmt, 3, u->length);
  sqlite3_bind_int64 (stmt, 4, u->offset);
  bind_text_or_null (stmt, 5, u->metadata);
  bind_text_or_null (stmt, 6, u->filename);
  bind_text_or_null (stmt, 7, u->content_type);
  bind_text_or_null (stmt, 8, u->sha256_declared);
  bind_text_or_null (stmt, 9, u->sha256);
  sqlite3_bind_int (stmt, 10, u->complete);
  sqlite3_bind_text (stmt, 11, u->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 12, u->expires_at);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error, "insert upload");
  sqlite3_finalize (stmt);
  return ok;
}

static SimUpload *
upload_find_by (SimStore    *self,
                const char  *column_sql,
                const char  *value,
                GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " UPLOAD_COLUMNS " FROM uploads WHERE %s = ?",
                                          column_sql);
  sqlite3_stmt *stmt;
  SimUpload *u = NULL;
  int rc;

  if (!(stmt = prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    u = upload_from_row (stmt);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error, "select");
  sqlite3_finalize (stmt);
  return u;
}

SimUpload *
sim_store_upload_find (SimStore    *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return upload_find_by (self, "id", id, error);
}

SimUpload *
sim_store_upload_find_by_key (SimStore    *self,
                              const char  *key,
                              GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return upload_find_by (self, "key", key, error);
}

gboolean
sim_store_upload_update (SimStore        *self,
                         const SimUpload *u,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = prepare (self, "UPDATE uploads SET upload_offset = ?, complete = ?, sha256 = ?,"
                              " expires_at = ? WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, u->offset);
  sqlite3_bind_int (stmt, 2, u->complete);
  bind_text_or_null (stmt, 3, u->sha256);
  sqlite3_bind_int64 (stmt, 4, u->expires_at);
  sqlite3_bind_text (stmt, 5, u->id, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error, "update upload");
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
sim_store_upload_delete (SimStore    *self,
                         const char  *id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = prepare (self, "DELETE FROM uploads WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error, "delete upload");
  sqlite3_finalize (stmt);
  return ok;
}

GPtrArray *
sim_store_upload_list (SimStore    *self,
                       GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_upload_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT " UPLOAD_COLUMNS " FROM uploads ORDER BY seq", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, upload_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "select");
      return NULL;
    }
  return g_steal_pointer (&list);
}
