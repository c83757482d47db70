/* mc-store.c: the kiosk's SQLite store (the outbox of finalized dossiers).
 *
 * One connection per McStore, one McStore per thread. WAL with synchronous=FULL:
 * a dossier that mc_store_enqueue() returned survives a power cut. The schema
 * version lives in PRAGMA user_version and only moves forward through the
 * migrations[] array below.
 *
 * Payloads carry personal data: they never reach a log line; ids and local
 * numbers only at debug level.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-store"

#include "mc-store.h"
#include "mc-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

#define DB_NAME "kiosk.db"
#define BUSY_TIMEOUT_MS 5000

struct _McStore
{
  sqlite3 *db;       /* owned */
  char    *data_dir;
  char    *path;
};

/* Each entry moves the schema from version i to i + 1. Never edit one that has
 * shipped: append a new one. */
static const char *const migrations[] = {
  /* 1: the outbox, and the counters behind the daily local numbers. */
  "CREATE TABLE outbox ("
  "  id               INTEGER PRIMARY KEY,"
  "  local_number     TEXT UNIQUE NOT NULL,"
  "  idempotency_key  TEXT UNIQUE NOT NULL,"
  "  procedure_code   TEXT NOT NULL,"
  "  payload          TEXT NOT NULL,"
  "  state            TEXT NOT NULL DEFAULT 'queued'"
  "                   CHECK (state IN ('queued', 'sending', 'delivered', 'rejected')),"
  "  attempts         INTEGER NOT NULL DEFAULT 0,"
  "  created_at       INTEGER NOT NULL,"
  "  next_attempt_at  INTEGER NOT NULL,"
  "  last_error       TEXT,"
  "  dossier_code     TEXT,"
  "  tracking_url     TEXT,"
  "  delivered_at     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);"
  "CREATE TABLE counters ("
  "  name   TEXT PRIMARY KEY,"
  "  value  INTEGER NOT NULL"
  ") WITHOUT ROWID;",
};

#define ENTRY_COLUMNS \
  "id, local_number, idempotency_key, procedure_code, payload, state, attempts, " \
  "created_at, next_attempt_at, last_error, dossier_code, tracking_url, delivered_at"

static const char *const state_names[] = {
  [MC_OUTBOX_QUEUED] = "queued",
  [MC_OUTBOX_SENDING] = "sending",
  [MC_OUTBOX_DELIVERED] = "delivered",
  [MC_OUTBOX_REJECTED] = "rejected",
};

const char *
mc_outbox_state_to_string (McOutboxState state)
{
  g_return_val_if_fail (state <= MC_OUTBOX_REJECTED, NULL);

  return state_names[state];
}

static McOutboxState
state_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (s, state_names[i]) == 0)
      return i;

  /* The CHECK constraint makes this unreachable. */
  g_assert_not_reached ();
}

void
mc_outbox_entry_free (McOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->local_number);
  g_free (entry->idempotency_key);
  g_free (entry->procedure_code);
  g_free (entry->payload);
  g_free (entry->last_error);
  g_free (entry->dossier_code);
  g_free (entry->tracking_url);
  g_free (entry);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Maps a SQLite failure to our error domain, with a message people can read. */
static void
set_sqlite_error (McStore     *self,
                  int          rc,
                  GError     **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  int sys_errno = self->db != NULL ? sqlite3_system_errno (self->db) : 0;

  /* A write that fails outright (rather than coming up short) is reported
   * as an I/O error; out of room is out of room either way. */
  if ((rc & 0xff) == SQLITE_IOERR &&
      (sys_errno == ENOSPC || sys_errno == EDQUOT || sys_errno == EFBIG))
    rc = SQLITE_FULL;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL,
                   _("The disk is full: %s"), detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The kiosk’s database %s is damaged or is not a database: %s"),
                   self->path, detail);
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_OPEN,
                   _("Cannot open the kiosk’s database %s: %s"), self->path, detail);
      break;

    default:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("The kiosk’s database failed: %s"), detail);
      break;
    }
}

static gboolean
exec (McStore     *self,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (McStore     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

typedef sqlite3_stmt McStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStmt, sqlite3_finalize)

static void
rollback (McStore *self)
{
  /* Harmless when no transaction is open. */
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
get_user_version (McStore  *self,
                  int      *out_version,
                  GError  **error)
{
  g_autoptr(McStmt) stmt = prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
check_integrity (McStore  *self,
                 GError  **error)
{
  g_autoptr(McStmt) stmt = prepare (self, "PRAGMA quick_check", error);
  const char *result;
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The kiosk’s database %s is damaged or is not a database: %s"),
                   self->path, result != NULL ? result : "quick_check");
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (McStore  *self,
         GError  **error)
{
  const int known = G_N_ELEMENTS (migrations);
  int version;

  if (!get_user_version (self, &version, error))
    return FALSE;

  if (version > known)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW,
                   _("The kiosk’s database %s was written by a newer version of the "
                     "kiosk (schema %d, this version knows up to %d)"),
                   self->path, version, known);
      return FALSE;
    }

  if (version == known)
    return TRUE;

  /* IMMEDIATE: another process opening the same file migrates one at a time;
   * read the version again inside the transaction. */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!get_user_version (self, &version, error))
    goto fail;

  for (; version < known; version++)
    {
      g_autofree char *bump = NULL;

      g_debug ("Migrating %s to schema %d", self->path, version + 1);
      if (!exec (self, migrations[version], error))
        goto fail;

      bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec (self, bump, error))
        goto fail;
    }

  if (!exec (self, "COMMIT", error))
    goto fail;

  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static void
restrict_file (const char *path)
{
  if (g_chmod (path, 0600) != 0 && errno != ENOENT)
    g_debug ("Cannot chmod %s: %s", path, g_strerror (errno));
}

McStore *
mc_store_open (const char  *data_dir,
               GError     **error)
{
  g_autoptr(McStore) self = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (McStore, 1);
  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, DB_NAME, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0 || g_chmod (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_OPEN,
                   _("Cannot create the kiosk’s data folder %s: %s"),
                   data_dir, g_strerror (saved_errno));
      return NULL;
    }

  /* Create the file ourselves so it is never readable by others, not even for
   * a moment; SQLite gives -wal and -shm the mode of the database file. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

      if (fd >= 0)
        close (fd);
    }
  restrict_file (self->path);

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* quick_check first: a file that is not SQLite fails here with NOTADB. */
  if (!check_integrity (self, error))
    return NULL;

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);
  restrict_file (wal);
  restrict_file (shm);

  g_debug ("Opened %s", self->path);

  return g_steal_pointer (&self);
}

void
mc_store_close (McStore *self)
{
  if (self == NULL)
    return;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->data_dir);
  g_free (self->path);
  g_free (self);
}

const char *
mc_store_get_data_dir (McStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data_dir;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static McOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  McOutboxEntry *entry = g_new0 (McOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->local_number = column_strdup (stmt, 1);
  entry->idempotency_key = column_strdup (stmt, 2);
  entry->procedure_code = column_strdup (stmt, 3);
  entry->payload = column_strdup (stmt, 4);
  entry->state = state_from_string ((const char *) sqlite3_column_text (stmt, 5));
  entry->attempts = sqlite3_column_int (stmt, 6);
  entry->created_at = sqlite3_column_int64 (stmt, 7);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 8);
  entry->last_error = column_strdup (stmt, 9);
  entry->dossier_code = column_strdup (stmt, 10);
  entry->tracking_url = column_strdup (stmt, 11);
  entry->delivered_at = sqlite3_column_int64 (stmt, 12);

  return entry;
}

/* Steps a SELECT of ENTRY_COLUMNS expected to give at most one row. With
 * @missing_is_error, no row is MC_STORE_ERROR_NOT_FOUND. */
static McOutboxEntry *
step_one_entry (McStore       *self,
                sqlite3_stmt  *stmt,
                gboolean       missing_is_error,
                const char    *what,
                GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return entry_from_row (stmt);

  if (rc == SQLITE_DONE)
    {
      if (missing_is_error)
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                     _("No dossier %s in the outbox"), what);
      return NULL;
    }

  set_sqlite_error (self, rc, error);
  return NULL;
}

McOutboxEntry *
mc_store_get (McStore  *self,
              gint64    id,
              GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  what = g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  return step_one_entry (self, stmt, TRUE, what, error);
}

McOutboxEntry *
mc_store_find_by_number (McStore     *self,
                         const char  *local_number,
                         GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (local_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE local_number = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, local_number, -1, SQLITE_TRANSIENT);

  return step_one_entry (self, stmt, TRUE, local_number, error);
}

/* The payload with "client": {kiosk_id, local_number, created_at} set. */
static char *
add_client (const char  *payload_json,
            const char  *kiosk_id,
            const char  *local_number,
            GDateTime   *created,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *created_at = NULL;
  JsonObject *client;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, payload_json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The dossier could not be written: it is not a JSON object"));
      return NULL;
    }

  created_at = g_date_time_format (created, "%Y-%m-%dT%H:%M:%S%:z");

  client = json_object_new ();
  json_object_set_string_member (client, "kiosk_id", kiosk_id);
  json_object_set_string_member (client, "local_number", local_number);
  json_object_set_string_member (client, "created_at", created_at);
  json_object_set_object_member (json_node_get_object (root), "client", client);

  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
next_sequence (McStore     *self,
               const char  *day,
               gint64      *out_value,
               GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;
  g_autofree char *name = g_strconcat ("local-number:", day, NULL);
  int rc;

  stmt = prepare (self,
                  "INSERT INTO counters (name, value) VALUES (?, 1) "
                  "ON CONFLICT (name) DO UPDATE SET value = value + 1 "
                  "RETURNING value", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

McOutboxEntry *
mc_store_enqueue (McStore     *self,
                  const char  *kiosk_id,
                  const char  *procedure_code,
                  const char  *payload_json,
                  GError     **error)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(McStmt) stmt = NULL;
  g_autofree char *day = NULL;
  g_autofree char *local_number = NULL;
  g_autofree char *key = NULL;
  g_autofree char *payload = NULL;
  gint64 seq, id, created_s;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL && *kiosk_id != '\0', NULL);
  g_return_val_if_fail (procedure_code != NULL, NULL);
  g_return_val_if_fail (payload_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  created = g_date_time_new_now_local ();
  created_s = g_date_time_to_unix (created);
  day = g_date_time_format (created, "%y%m%d");

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  if (!next_sequence (self, day, &seq, error))
    goto fail;

  local_number = g_strdup_printf ("%s-%s-%04" G_GINT64_FORMAT, kiosk_id, day, seq);
  key = g_uuid_string_random ();

  payload = add_client (payload_json, kiosk_id, local_number, created, error);
  if (payload == NULL)
    goto fail;

  stmt = prepare (self,
                  "INSERT INTO outbox (local_number, idempotency_key, procedure_code, payload, "
                  "                    state, attempts, created_at, next_attempt_at) "
                  "VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, local_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, procedure_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, created_s);
  sqlite3_bind_int64 (stmt, 6, created_s);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }

  id = sqlite3_last_insert_rowid (self->db);

  if (!exec (self, "COMMIT", error))
    goto fail;

  g_debug ("Enqueued #%" G_GINT64_FORMAT " as %s", id, local_number);

  return mc_store_get (self, id, error);

fail:
  rollback (self);
  return NULL;
}

GPtrArray *
mc_store_list (McStore  *self,
               GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM outbox ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

guint
mc_store_count_waiting (McStore *self)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self,
                  "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')",
                  NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

McOutboxEntry *
mc_store_next_due (McStore  *self,
                   gint64    now,
                   GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A SENDING entry's next_attempt_at is when its attempt started. */
  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM outbox "
                  "WHERE (state = 'queued' AND next_attempt_at <= ?1) "
                  "   OR (state = 'sending' AND next_attempt_at <= ?1 - ?2) "
                  "ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, MC_STORE_STALE_SENDING_S);

  return step_one_entry (self, stmt, FALSE, NULL, error);
}

gint64
mc_store_next_wakeup (McStore *self)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self,
                  "SELECT min(CASE state WHEN 'sending' THEN next_attempt_at + ?1 "
                  "                      ELSE next_attempt_at END) "
                  "FROM outbox WHERE state IN ('queued', 'sending')", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, MC_STORE_STALE_SENDING_S);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/* Runs an UPDATE whose first parameter is the entry's id; the remaining
 * parameters are bound by @bind. No row changed is NOT_FOUND. */
static gboolean
update_entry (McStore     *self,
              gint64       id,
              const char  *sql,
              const char  *text1,
              const char  *text2,
              gint64       int1,
              const char  *what,
              GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, text1, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text2, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, int1);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier %s in the outbox"), what);
      return FALSE;
    }

  g_debug ("#%" G_GINT64_FORMAT ": %s", id, sql);
  return TRUE;
}

#define UPDATE_ENTRY(self, id, sql, t1, t2, i1, error) \
  G_STMT_START { \
    g_autofree char *what_ = g_strdup_printf ("#%" G_GINT64_FORMAT, (id)); \
    return update_entry ((self), (id), (sql), (t1), (t2), (i1), what_, (error)); \
  } G_STMT_END

gboolean
mc_store_mark_sending (McStore  *self,
                       gint64    id,
                       GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'sending', next_attempt_at = ?4 "
                "WHERE id = ?1 AND state IN ('queued', 'sending')",
                NULL, NULL, now_s (), error);
}

gboolean
mc_store_mark_delivered (McStore     *self,
                         gint64       id,
                         const char  *dossier_code,
                         const char  *tracking_url,
                         GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dossier_code != NULL, FALSE);

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'delivered', dossier_code = ?2, tracking_url = ?3, "
                "  delivered_at = ?4, attempts = attempts + 1, last_error = NULL "
                "WHERE id = ?1",
                dossier_code, tracking_url, now_s (), error);
}

gboolean
mc_store_mark_retry (McStore     *self,
                     gint64       id,
                     gint64       next_attempt_at,
                     const char  *error_message,
                     GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'queued', attempts = attempts + 1, "
                "  last_error = ?2, next_attempt_at = ?4 "
                "WHERE id = ?1 AND state IN ('queued', 'sending')",
                error_message, NULL, next_attempt_at, error);
}

gboolean
mc_store_mark_postponed (McStore     *self,
                         gint64       id,
                         gint64       next_attempt_at,
                         const char  *error_message,
                         GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'queued', last_error = ?2, next_attempt_at = ?4 "
                "WHERE id = ?1 AND state IN ('queued', 'sending')",
                error_message, NULL, next_attempt_at, error);
}

gboolean
mc_store_mark_rejected (McStore     *self,
                        gint64       id,
                        const char  *reason,
                        GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, "
                "  last_error = ?2 "
                "WHERE id = ?1 AND state IN ('queued', 'sending')",
                reason, NULL, 0, error);
}

gboolean
mc_store_retry_now (McStore  *self,
                    gint64    id,
                    GError  **error)
{
  g_autoptr(McOutboxEntry) entry = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = mc_store_get (self, id, error);
  if (entry == NULL)
    return FALSE;

  /* Delivered stays delivered; an attempt under way is left alone. */
  if (entry->state != MC_OUTBOX_QUEUED && entry->state != MC_OUTBOX_REJECTED)
    return TRUE;

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'queued', next_attempt_at = ?4 "
                "WHERE id = ?1 AND state IN ('queued', 'rejected')",
                NULL, NULL, now_s (), error);
}

int
_mc_store_requeue_sending (McStore  *self,
                           GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, -1);

  stmt = prepare (self,
                  "UPDATE outbox SET state = 'queued', next_attempt_at = min(next_attempt_at, ?) "
                  "WHERE state = 'sending'", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, now_s ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return -1;
    }

  return sqlite3_changes (self->db);
}

gboolean
_mc_store_set_max_pages (McStore  *self,
                         gint64    max_pages,
                         GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, max_pages);
  return exec (self, sql, error);
}
