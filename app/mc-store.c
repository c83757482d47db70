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
#include <unistd.h>
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

  /* 2: attachments (files in <data_dir>/attachments/<idempotency key>/) and
   * their tus uploads; the portal's last advertised size limits. */
  "CREATE TABLE attachments ("
  "  id            INTEGER PRIMARY KEY,"
  "  entry_id      INTEGER NOT NULL REFERENCES outbox (id),"
  "  position      INTEGER NOT NULL,"
  "  client_key    TEXT UNIQUE NOT NULL,"
  "  document      TEXT NOT NULL,"
  "  filename      TEXT NOT NULL,"
  "  content_type  TEXT NOT NULL,"
  "  path          TEXT NOT NULL,"
  "  size          INTEGER NOT NULL,"
  "  sha256        TEXT NOT NULL,"
  "  upload_url    TEXT,"
  "  upload_offset INTEGER NOT NULL DEFAULT 0,"
  "  state         TEXT NOT NULL DEFAULT 'pending'"
  "                CHECK (state IN ('pending', 'uploading', 'uploaded', 'damaged')),"
  "  UNIQUE (entry_id, position)"
  ");"
  "CREATE TABLE portal_info ("
  "  id                    INTEGER PRIMARY KEY CHECK (id = 1),"
  "  max_attachment_bytes  INTEGER NOT NULL,"
  "  max_dossier_bytes     INTEGER NOT NULL,"
  "  updated_at            INTEGER NOT NULL"
  ");",

  /* 3: clerk mode. Outbox entries a clerk submitted on a citizen's behalf
   * (assisted), cancelled with a reason (state stays 'rejected', never sent,
   * kept for the record), exported to a bundle, purged of personal data; the
   * clerk's PIN (an Argon2id hash) and its lock-out. */
  "ALTER TABLE outbox ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE outbox ADD COLUMN cancelled_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE outbox ADD COLUMN cancel_reason TEXT;"
  "ALTER TABLE outbox ADD COLUMN exported_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE outbox ADD COLUMN purged_at INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE clerk ("
  "  id            INTEGER PRIMARY KEY CHECK (id = 1),"
  "  pin_hash      TEXT,"
  "  failures      INTEGER NOT NULL DEFAULT 0,"
  "  locked_until  INTEGER NOT NULL DEFAULT 0"
  ");",

  /* 4: drafts: the form being filled, saved at every answer (personal data:
   * deleted when finalized or when the visit ends). */
  "CREATE TABLE drafts ("
  "  session_id      TEXT PRIMARY KEY,"
  "  procedure_code  TEXT NOT NULL,"
  "  fields          TEXT NOT NULL,"
  "  updated_at      INTEGER NOT NULL"
  ");",
};

#define ATTACHMENTS_DIR "attachments"

#define ENTRY_COLUMNS \
  "id, local_number, idempotency_key, procedure_code, payload, state, attempts, " \
  "created_at, next_attempt_at, last_error, dossier_code, tracking_url, delivered_at, " \
  "assisted, cancelled_at, cancel_reason, exported_at, purged_at"

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

/* The index of @s in @names: a state column read back from the database. */
static guint
name_index (const char *const *names,
            guint              n_names,
            const char        *s)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (s, names[i]) == 0)
      return i;

  /* The columns' CHECK constraints make this unreachable. */
  g_assert_not_reached ();
}

static McOutboxState
state_from_string (const char *s)
{
  return name_index (state_names, G_N_ELEMENTS (state_names), s);
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
  g_free (entry->cancel_reason);
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
  /* The full check: a kiosk database is small, and this is the moment to
   * find out that a power cut did damage, not in the middle of a delivery. */
  g_autoptr(McStmt) stmt = prepare (self, "PRAGMA integrity_check", error);
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
                   self->path, result != NULL ? result : "integrity_check");
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

/* Removes attachment folders no outbox entry refers to: what a crash between
 * saving the files and committing the entry left. Only old ones, since
 * another process may be between those two steps right now. */
#define ORPHAN_AGE_S 3600

static void remove_entry_dir (const char *entry_dir);

static void
remove_orphans (McStore *self)
{
  g_autofree char *top = g_build_filename (self->data_dir, ATTACHMENTS_DIR, NULL);
  g_autoptr(GDir) dir = g_dir_open (top, 0, NULL);
  g_autoptr(McStmt) stmt = NULL;
  const char *name;

  if (dir == NULL)
    return;

  stmt = prepare (self, "SELECT 1 FROM outbox WHERE idempotency_key = ?", NULL);
  if (stmt == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (top, name, NULL);
      GStatBuf st;

      if (!g_uuid_string_is_valid (name) || g_stat (path, &st) != 0 ||
          !S_ISDIR (st.st_mode) || now_s () - st.st_mtime < ORPHAN_AGE_S)
        continue;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        {
          g_debug ("Removing the orphan attachment folder %s", name);
          remove_entry_dir (path);
        }
    }
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

  /* The integrity check first: a file that is not SQLite fails here with NOTADB. */
  if (!check_integrity (self, error))
    return NULL;

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* Deleted personal data is overwritten, not left in free pages. */
      !exec (self, "PRAGMA secure_delete = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);
  restrict_file (wal);
  restrict_file (shm);

  remove_orphans (self);

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
  entry->assisted = sqlite3_column_int (stmt, 13) != 0;
  entry->cancelled_at = sqlite3_column_int64 (stmt, 14);
  entry->cancel_reason = column_strdup (stmt, 15);
  entry->exported_at = sqlite3_column_int64 (stmt, 16);
  entry->purged_at = sqlite3_column_int64 (stmt, 17);

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

/* Attachment files. */

typedef struct
{
  char   *client_key;
  char   *path;      /* absolute */
  char   *sha256;
  gint64  size;
} SavedFile;

static void
saved_file_free (gpointer data)
{
  SavedFile *file = data;

  g_free (file->client_key);
  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

static gboolean
errno_is_full (int saved_errno)
{
  return saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG;
}

/* A failed write or sync of an attachment: out of room is FULL. */
static void
set_file_error (int          saved_errno,
                const char  *filename,
                GError     **error)
{
  if (errno_is_full (saved_errno))
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL,
                 _("The disk is full: the attachment “%s” could not be saved (%s)"),
                 filename, g_strerror (saved_errno));
  else
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                 _("The attachment “%s” could not be saved: %s"),
                 filename, g_strerror (saved_errno));
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      len -= n;
    }

  return TRUE;
}

/* fsync()s a folder, so that a rename or a new entry in it survives a power cut. */
static gboolean
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int rc, saved_errno;

  if (fd < 0)
    return FALSE;

  rc = fsync (fd);
  saved_errno = errno;
  close (fd);
  errno = saved_errno;

  return rc == 0;
}

#define COPY_BUFFER 65536

/* Copies @spec into @dir/@name atomically (temporary file, write, fsync,
 * rename), computing its SHA-256 and size on the way. The caller syncs @dir. */
static SavedFile *
save_file (const char              *dir,
           const char              *name,
           const McAttachmentSpec  *spec,
           GError                 **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *tmp = g_build_filename (dir, ".tmp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *buffer = NULL;
  SavedFile *file;
  gint64 size = 0;
  int in = -1, out, saved_errno;

  if (spec->source_path != NULL)
    {
      in = g_open (spec->source_path, O_RDONLY | O_CLOEXEC, 0);
      if (in < 0)
        {
          saved_errno = errno;
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                       _("Cannot read the attachment “%s”: %s"),
                       spec->filename, g_strerror (saved_errno));
          return NULL;
        }
    }

  out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_file_error (errno, spec->filename, error);
      if (in >= 0)
        close (in);
      return NULL;
    }

  if (in < 0)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (spec->bytes, &len);

      g_checksum_update (checksum, data, len);
      size = len;
      if (!write_all (out, data, len))
        goto write_failed;
    }
  else
    {
      buffer = g_malloc (COPY_BUFFER);
      for (;;)
        {
          gssize n = read (in, buffer, COPY_BUFFER);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              saved_errno = errno;
              g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("Cannot read the attachment “%s”: %s"),
                           spec->filename, g_strerror (saved_errno));
              goto failed;
            }
          if (n == 0)
            break;

          g_checksum_update (checksum, buffer, n);
          size += n;
          if (!write_all (out, buffer, n))
            goto write_failed;
        }
      close (in);
      in = -1;
    }

  if (fsync (out) != 0)
    goto write_failed;
  if (close (out) != 0)
    {
      out = -1;
      goto write_failed;
    }
  out = -1;

  if (g_rename (tmp, path) != 0)
    goto write_failed;

  file = g_new0 (SavedFile, 1);
  file->path = g_steal_pointer (&path);
  file->sha256 = g_strdup (g_checksum_get_string (checksum));
  file->size = size;
  return file;

write_failed:
  set_file_error (errno, spec->filename, error);
failed:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  g_unlink (tmp);
  return NULL;
}

/* Removes what save_files() left of an entry's folder. */
static void
remove_entry_dir (const char *entry_dir)
{
  g_autoptr(GDir) dir = g_dir_open (entry_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (entry_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (entry_dir);
}

static gboolean
check_limit (gint64       size,
             gint64       limit,
             const char  *what,
             GError     **error)
{
  g_autofree char *have = NULL;
  g_autofree char *most = NULL;
  g_autofree char *have_bytes = NULL;
  g_autofree char *most_bytes = NULL;

  if (limit <= 0 || size <= limit)
    return TRUE;

  have = g_format_size (size);
  most = g_format_size (limit);
  have_bytes = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  most_bytes = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE,
               /* Translators: the first %s names the file or dossier, then sizes
                * like "21.3 MB (21300000 bytes)". */
               _("%s is too large: %s (%s bytes); the portal accepts at most %s (%s bytes)"),
               what, have, have_bytes, most, most_bytes);
  return FALSE;
}

/* The size of what @spec names, without reading it. */
static gboolean
spec_size (const McAttachmentSpec  *spec,
           gint64                  *out_size,
           GError                 **error)
{
  GStatBuf st;

  if (spec->bytes != NULL)
    {
      *out_size = g_bytes_get_size (spec->bytes);
      return TRUE;
    }

  if (g_stat (spec->source_path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("Cannot read the attachment “%s”: %s"),
                   spec->filename, g_strerror (saved_errno));
      return FALSE;
    }

  *out_size = st.st_size;
  return TRUE;
}

/* Copies every attachment into <data_dir>/attachments/@key/, durably.
 * Returns SavedFile*s in order, or NULL with nothing left on disk. */
static GPtrArray *
save_files (McStore            *self,
            const char         *key,
            GPtrArray          *specs,
            const char * const *client_keys,
            gint64              payload_bytes,
            GError            **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (saved_file_free);
  g_autofree char *top = g_build_filename (self->data_dir, ATTACHMENTS_DIR, NULL);
  g_autofree char *entry_dir = g_build_filename (top, key, NULL);
  gint64 max_attachment, max_dossier, total = payload_bytes;

  mc_store_get_portal_limits (self, &max_attachment, &max_dossier);

  /* Refuse before copying anything. */
  for (guint i = 0; i < specs->len; i++)
    {
      const McAttachmentSpec *spec = g_ptr_array_index (specs, i);
      g_autofree char *what = NULL;
      gint64 size;

      if (!spec_size (spec, &size, error))
        return NULL;
      what = g_strdup_printf (_("The attachment “%s”"), spec->filename);
      if (!check_limit (size, max_attachment, what, error))
        return NULL;
      total += size;
    }
  if (!check_limit (total, max_dossier, _("The dossier with its attachments"), error))
    return NULL;

  if ((g_mkdir (top, 0700) != 0 && errno != EEXIST) ||
      g_mkdir (entry_dir, 0700) != 0)
    {
      set_file_error (errno, key, error);
      return NULL;
    }

  for (guint i = 0; i < specs->len; i++)
    {
      const McAttachmentSpec *spec = g_ptr_array_index (specs, i);
      /* An imported dossier keeps its attachments' keys: the portal's
       * uploads are idempotent by key, so the upload ids, and with them the
       * dossier's body, are the same whichever kiosk sends it. */
      g_autofree char *client_key = client_keys != NULL ? g_strdup (client_keys[i])
                                                        : g_uuid_string_random ();
      SavedFile *file = save_file (entry_dir, client_key, spec, error);

      if (file == NULL)
        goto fail;

      file->client_key = g_steal_pointer (&client_key);
      g_ptr_array_add (files, file);
    }

  /* The renames, the new folder, and (the first time) attachments/ itself. */
  if (!sync_dir (entry_dir) || !sync_dir (top) || !sync_dir (self->data_dir))
    {
      set_file_error (errno, key, error);
      goto fail;
    }

  return g_steal_pointer (&files);

fail:
  remove_entry_dir (entry_dir);
  return NULL;
}

/* The payload with "client": {kiosk_id, local_number, created_at} set, and
 * "attachments" listing @files (without upload ids: those come with the uploads). */
static char *
build_payload (const char  *payload_json,
               const char  *kiosk_id,
               const char  *local_number,
               gboolean     assisted,
               GDateTime   *created,
               GPtrArray   *specs,
               GPtrArray   *files,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *created_at = NULL;
  JsonObject *client, *root_object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, payload_json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The dossier could not be written: it is not a JSON object"));
      return NULL;
    }
  root_object = json_node_get_object (root);

  created_at = g_date_time_format (created, "%Y-%m-%dT%H:%M:%S%:z");

  client = json_object_new ();
  json_object_set_string_member (client, "kiosk_id", kiosk_id);
  json_object_set_string_member (client, "local_number", local_number);
  json_object_set_string_member (client, "created_at", created_at);
  if (assisted)
    json_object_set_boolean_member (client, "assisted", TRUE);
  json_object_set_object_member (root_object, "client", client);

  if (files != NULL && files->len > 0)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < files->len; i++)
        {
          const McAttachmentSpec *spec = g_ptr_array_index (specs, i);
          SavedFile *file = g_ptr_array_index (files, i);
          JsonObject *a = json_object_new ();

          json_object_set_string_member (a, "document", spec->document);
          json_object_set_string_member (a, "filename", spec->filename);
          json_object_set_string_member (a, "content_type", spec->content_type);
          json_object_set_string_member (a, "sha256", file->sha256);
          json_object_set_int_member (a, "size", file->size);
          json_array_add_object_element (array, a);
        }
      json_object_set_array_member (root_object, "attachments", array);
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
insert_attachments (McStore     *self,
                    gint64       entry_id,
                    const char  *key,
                    GPtrArray   *specs,
                    GPtrArray   *files,
                    GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO attachments (entry_id, position, client_key, document, filename, "
                  "  content_type, path, size, sha256) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      const McAttachmentSpec *spec = g_ptr_array_index (specs, i);
      SavedFile *file = g_ptr_array_index (files, i);
      /* Relative to the data folder, which may move. */
      g_autofree char *relative = g_build_filename (ATTACHMENTS_DIR, key, file->client_key, NULL);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, entry_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, file->client_key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, spec->document, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, spec->filename, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, spec->content_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, relative, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 8, file->size);
      sqlite3_bind_text (stmt, 9, file->sha256, -1, SQLITE_TRANSIENT);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

static McOutboxEntry *
enqueue (McStore     *self,
         const char  *kiosk_id,
         const char  *procedure_code,
         const char  *payload_json,
         GPtrArray   *specs,
         gboolean     assisted,
         GError     **error)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(McStmt) stmt = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *day = NULL;
  g_autofree char *local_number = NULL;
  g_autofree char *key = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *entry_dir = NULL;
  gint64 seq, id, created_s;
  int rc;

  created = g_date_time_new_now_local ();
  created_s = g_date_time_to_unix (created);
  day = g_date_time_format (created, "%y%m%d");
  key = g_uuid_string_random ();

  /* The files first, durably; then one transaction that refers to them. A
   * crash in between leaves an orphan folder, never a row without its file. */
  if (specs != NULL && specs->len > 0)
    {
      files = save_files (self, key, specs, NULL, strlen (payload_json), error);
      if (files == NULL)
        return NULL;
      entry_dir = g_build_filename (self->data_dir, ATTACHMENTS_DIR, key, NULL);
    }

  if (!exec (self, "BEGIN IMMEDIATE", error))
    goto fail;

  if (!next_sequence (self, day, &seq, error))
    goto fail;

  local_number = g_strdup_printf ("%s-%s-%04" G_GINT64_FORMAT, kiosk_id, day, seq);

  payload = build_payload (payload_json, kiosk_id, local_number, assisted, created, specs, files,
                           error);
  if (payload == NULL)
    goto fail;

  stmt = prepare (self,
                  "INSERT INTO outbox (local_number, idempotency_key, procedure_code, payload, "
                  "                    state, attempts, created_at, next_attempt_at, assisted) "
                  "VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, local_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, procedure_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, created_s);
  sqlite3_bind_int64 (stmt, 6, created_s);
  sqlite3_bind_int (stmt, 7, assisted ? 1 : 0);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }

  id = sqlite3_last_insert_rowid (self->db);

  if (files != NULL && !insert_attachments (self, id, key, specs, files, error))
    goto fail;

  if (!exec (self, "COMMIT", error))
    goto fail;

  g_debug ("Enqueued #%" G_GINT64_FORMAT " as %s with %u attachments", id, local_number,
           files != NULL ? files->len : 0);

  return mc_store_get (self, id, error);

fail:
  rollback (self);
  if (entry_dir != NULL)
    remove_entry_dir (entry_dir);
  return NULL;
}

McOutboxEntry *
mc_store_enqueue (McStore     *self,
                  const char  *kiosk_id,
                  const char  *procedure_code,
                  const char  *payload_json,
                  GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL && *kiosk_id != '\0', NULL);
  g_return_val_if_fail (procedure_code != NULL, NULL);
  g_return_val_if_fail (payload_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return enqueue (self, kiosk_id, procedure_code, payload_json, NULL, FALSE, error);
}

McOutboxEntry *
mc_store_enqueue_with_attachments (McStore     *self,
                                   const char  *kiosk_id,
                                   const char  *procedure_code,
                                   const char  *payload_json,
                                   GPtrArray   *attachments,
                                   GError     **error)
{
  return mc_store_enqueue_full (self, kiosk_id, procedure_code, payload_json, attachments,
                                MC_ENQUEUE_NONE, error);
}

McOutboxEntry *
mc_store_enqueue_full (McStore         *self,
                       const char      *kiosk_id,
                       const char      *procedure_code,
                       const char      *payload_json,
                       GPtrArray       *attachments,
                       McEnqueueFlags   flags,
                       GError         **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL && *kiosk_id != '\0', NULL);
  g_return_val_if_fail (procedure_code != NULL, NULL);
  g_return_val_if_fail (payload_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      const McAttachmentSpec *spec = g_ptr_array_index (attachments, i);

      g_return_val_if_fail (spec != NULL, NULL);
      g_return_val_if_fail ((spec->source_path != NULL) != (spec->bytes != NULL), NULL);
      g_return_val_if_fail (spec->document != NULL, NULL);
      g_return_val_if_fail (spec->filename != NULL, NULL);
      g_return_val_if_fail (spec->content_type != NULL, NULL);
    }

  return enqueue (self, kiosk_id, procedure_code, payload_json, attachments,
                  (flags & MC_ENQUEUE_ASSISTED) != 0, error);
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

  if (entry->cancelled_at != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CANCELLED,
                   _("The dossier %s was cancelled and is never sent"), entry->local_number);
      return FALSE;
    }

  UPDATE_ENTRY (self, id,
                "UPDATE outbox SET state = 'queued', next_attempt_at = ?4 "
                "WHERE id = ?1 AND state IN ('queued', 'rejected') AND cancelled_at = 0",
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

/* Attachments. */

static const char *const attachment_state_names[] = {
  [MC_ATTACHMENT_PENDING] = "pending",
  [MC_ATTACHMENT_UPLOADING] = "uploading",
  [MC_ATTACHMENT_UPLOADED] = "uploaded",
  [MC_ATTACHMENT_DAMAGED] = "damaged",
};

const char *
mc_attachment_state_to_string (McAttachmentState state)
{
  g_return_val_if_fail (state <= MC_ATTACHMENT_DAMAGED, NULL);

  return attachment_state_names[state];
}

static McAttachmentState
attachment_state_from_string (const char *s)
{
  return name_index (attachment_state_names, G_N_ELEMENTS (attachment_state_names), s);
}

void
mc_attachment_free (McAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->client_key);
  g_free (attachment->document);
  g_free (attachment->filename);
  g_free (attachment->content_type);
  g_free (attachment->path);
  g_free (attachment->sha256);
  g_free (attachment->upload_url);
  g_free (attachment);
}

char *
mc_attachment_get_upload_id (const McAttachment *attachment)
{
  const char *end, *start;

  g_return_val_if_fail (attachment != NULL, NULL);

  if (attachment->upload_url == NULL)
    return NULL;

  end = attachment->upload_url + strcspn (attachment->upload_url, "?#");
  while (end > attachment->upload_url && end[-1] == '/')
    end--;
  start = end;
  while (start > attachment->upload_url && start[-1] != '/')
    start--;
  if (start == end)
    return NULL;

  return g_uri_unescape_segment (start, end, NULL);
}

GPtrArray *
mc_store_list_attachments (McStore  *self,
                           gint64    entry_id,
                           GError  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self,
                  "SELECT id, entry_id, position, client_key, document, filename, content_type, "
                  "  path, size, sha256, upload_url, upload_offset, state "
                  "FROM attachments WHERE entry_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAttachment *a = g_new0 (McAttachment, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->entry_id = sqlite3_column_int64 (stmt, 1);
      a->position = sqlite3_column_int (stmt, 2);
      a->client_key = column_strdup (stmt, 3);
      a->document = column_strdup (stmt, 4);
      a->filename = column_strdup (stmt, 5);
      a->content_type = column_strdup (stmt, 6);
      a->path = g_build_filename (self->data_dir, (const char *) sqlite3_column_text (stmt, 7),
                                  NULL);
      a->size = sqlite3_column_int64 (stmt, 8);
      a->sha256 = column_strdup (stmt, 9);
      a->upload_url = column_strdup (stmt, 10);
      a->offset = sqlite3_column_int64 (stmt, 11);
      a->state = attachment_state_from_string ((const char *) sqlite3_column_text (stmt, 12));
      g_ptr_array_add (list, a);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

gboolean
mc_store_update_attachment (McStore            *self,
                            gint64              attachment_id,
                            const char         *upload_url,
                            gint64              offset,
                            McAttachmentState   state,
                            GError            **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (state <= MC_ATTACHMENT_DAMAGED, FALSE);
  g_return_val_if_fail (offset >= 0, FALSE);

  stmt = prepare (self,
                  "UPDATE attachments SET upload_url = ?, upload_offset = ?, state = ? "
                  "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, upload_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, offset);
  sqlite3_bind_text (stmt, 3, attachment_state_names[state], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, attachment_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                           _("No such attachment in the outbox"));
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_store_verify_attachment (McStore             *self,
                            const McAttachment  *attachment,
                            GError             **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = NULL;
  gint64 size = 0;
  int fd, saved_errno;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (attachment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = g_open (attachment->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED,
                   _("The attachment “%s” is damaged on disk: %s"),
                   attachment->filename, g_strerror (saved_errno));
      return FALSE;
    }

  buffer = g_malloc (COPY_BUFFER);
  for (;;)
    {
      gssize n = read (fd, buffer, COPY_BUFFER);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED,
                       _("The attachment “%s” is damaged on disk: %s"),
                       attachment->filename, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      size += n;
    }
  close (fd);

  if (size != attachment->size ||
      g_strcmp0 (g_checksum_get_string (checksum), attachment->sha256) != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED,
                   _("The attachment “%s” is damaged on disk: its contents changed since "
                     "it was saved"), attachment->filename);
      return FALSE;
    }

  return TRUE;
}

/* The portal's limits. */

gboolean
mc_store_set_portal_limits (McStore  *self,
                            gint64    max_attachment_bytes,
                            gint64    max_dossier_bytes,
                            GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO portal_info (id, max_attachment_bytes, max_dossier_bytes, "
                  "  updated_at) VALUES (1, ?1, ?2, ?3) "
                  "ON CONFLICT (id) DO UPDATE SET max_attachment_bytes = ?1, "
                  "  max_dossier_bytes = ?2, updated_at = ?3", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, MAX (max_attachment_bytes, 0));
  sqlite3_bind_int64 (stmt, 2, MAX (max_dossier_bytes, 0));
  sqlite3_bind_int64 (stmt, 3, now_s ());

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

void
mc_store_get_portal_limits (McStore *self,
                            gint64  *out_max_attachment_bytes,
                            gint64  *out_max_dossier_bytes)
{
  g_autoptr(McStmt) stmt = NULL;
  gint64 max_attachment = 0, max_dossier = 0;

  g_return_if_fail (self != NULL);

  stmt = prepare (self,
                  "SELECT max_attachment_bytes, max_dossier_bytes FROM portal_info WHERE id = 1",
                  NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      max_attachment = sqlite3_column_int64 (stmt, 0);
      max_dossier = sqlite3_column_int64 (stmt, 1);
    }

  if (out_max_attachment_bytes != NULL)
    *out_max_attachment_bytes = max_attachment;
  if (out_max_dossier_bytes != NULL)
    *out_max_dossier_bytes = max_dossier;
}

gboolean
mc_store_check_attachment_size (McStore  *self,
                                gint64    size,
                                GError  **error)
{
  gint64 max_attachment;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mc_store_get_portal_limits (self, &max_attachment, NULL);
  return check_limit (size, max_attachment, _("This file"), error);
}

gboolean
mc_store_check_dossier_size (McStore  *self,
                             gint64    total_bytes,
                             GError  **error)
{
  gint64 max_dossier;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mc_store_get_portal_limits (self, NULL, &max_dossier);
  return check_limit (total_bytes, max_dossier, _("The dossier with its attachments"), error);
}

/* Clerk mode. */

gboolean
mc_store_cancel (McStore     *self,
                 gint64       id,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reason != NULL && *reason != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = mc_store_get (self, id, error);
  if (entry == NULL)
    return FALSE;

  if (entry->cancelled_at != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CANCELLED,
                   _("The dossier %s was cancelled and is never sent"), entry->local_number);
      return FALSE;
    }

  /* The state is checked again in the UPDATE: the sync worker may have
   * picked the entry up in between. */
  stmt = prepare (self,
                  "UPDATE outbox SET state = 'rejected', cancelled_at = ?2, cancel_reason = ?3 "
                  "WHERE id = ?1 AND state IN ('queued', 'rejected') AND cancelled_at = 0",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now_s ());
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_STATE,
                   _("The dossier %s cannot be cancelled now: it is being sent or was "
                     "delivered"), entry->local_number);
      return FALSE;
    }

  g_debug ("#%" G_GINT64_FORMAT " cancelled", id);
  return TRUE;
}

gint64
mc_store_get_oldest_waiting (McStore *self)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self,
                  "SELECT coalesce(min(created_at), 0) FROM outbox "
                  "WHERE state IN ('queued', 'sending')", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

gboolean
mc_store_mark_exported (McStore  *self,
                        gint64    id,
                        gint64    when,
                        GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  UPDATE_ENTRY (self, id, "UPDATE outbox SET exported_at = ?4 WHERE id = ?1",
                NULL, NULL, when, error);
}

McOutboxEntry *
mc_store_import_entry (McStore             *self,
                       const McImportSpec  *spec,
                       GError             **error)
{
  g_autoptr(McOutboxEntry) existing = NULL;
  g_autoptr(McStmt) stmt = NULL;
  g_autoptr(McStmt) find = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *entry_dir = NULL;
  GPtrArray *specs;
  JsonNode *root;
  gint64 id;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->local_number != NULL && spec->procedure_code != NULL, NULL);
  g_return_val_if_fail (spec->payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  specs = spec->attachments;

  if (spec->idempotency_key == NULL || !g_uuid_string_is_valid (spec->idempotency_key))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The dossier could not be written: its idempotency key is not "
                             "a UUID"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, spec->payload, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                           _("The dossier could not be written: it is not a JSON object"));
      return NULL;
    }
  for (guint i = 0; specs != NULL && spec->client_keys != NULL && i < specs->len; i++)
    g_return_val_if_fail (g_uuid_string_is_valid (spec->client_keys[i]), NULL);

  find = prepare (self, "SELECT 1 FROM outbox WHERE idempotency_key = ?", error);
  if (find == NULL)
    return NULL;
  sqlite3_bind_text (find, 1, spec->idempotency_key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                   _("The dossier %s is already in this outbox"), spec->local_number);
      return NULL;
    }

  if (specs != NULL && specs->len > 0)
    {
      files = save_files (self, spec->idempotency_key, specs, spec->client_keys,
                          strlen (spec->payload), error);
      if (files == NULL)
        return NULL;
      entry_dir = g_build_filename (self->data_dir, ATTACHMENTS_DIR, spec->idempotency_key, NULL);

      for (guint i = 0; spec->sha256 != NULL && i < files->len; i++)
        {
          SavedFile *file = g_ptr_array_index (files, i);
          const McAttachmentSpec *a = g_ptr_array_index (specs, i);

          if (g_ascii_strcasecmp (file->sha256, spec->sha256[i]) != 0)
            {
              g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED,
                           _("The attachment “%s” is damaged on disk: its contents changed "
                             "since it was saved"), a->filename);
              goto fail;
            }
        }
    }

  if (!exec (self, "BEGIN IMMEDIATE", error))
    goto fail;

  stmt = prepare (self,
                  "INSERT INTO outbox (local_number, idempotency_key, procedure_code, payload, "
                  "                    state, attempts, created_at, next_attempt_at, assisted) "
                  "VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, spec->local_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, spec->idempotency_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, spec->procedure_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, spec->payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, spec->created_at);
  sqlite3_bind_int64 (stmt, 6, now_s ());
  sqlite3_bind_int (stmt, 7, spec->assisted ? 1 : 0);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }

  id = sqlite3_last_insert_rowid (self->db);

  if (files != NULL && !insert_attachments (self, id, spec->idempotency_key, specs, files, error))
    goto fail;

  if (!exec (self, "COMMIT", error))
    goto fail;

  g_debug ("Imported #%" G_GINT64_FORMAT " as %s", id, spec->local_number);
  return mc_store_get (self, id, error);

fail:
  rollback (self);
  if (entry_dir != NULL)
    remove_entry_dir (entry_dir);
  return NULL;
}

/* The payload without personal data: no "applicant", no "fields", no file
 * names. NULL when it cannot be read (then it is replaced by an empty object:
 * what cannot be read cannot be kept either). */
static char *
strip_payload (const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  JsonObject *object;
  JsonNode *root, *node;

  if (!json_parser_load_from_data (parser, payload, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup ("{}");

  object = json_node_get_object (root);
  json_object_remove_member (object, "applicant");
  json_object_remove_member (object, "fields");
  node = json_object_get_member (object, "attachments");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            json_object_remove_member (json_node_get_object (element), "filename");
        }
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

int
mc_store_purge (McStore  *self,
                gint64    before,
                GError  **error)
{
  g_autoptr(McStmt) select = NULL;
  g_autoptr(McStmt) update = NULL;
  g_autoptr(McStmt) forget = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gint64 now = now_s ();
  int rc;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return -1;

  select = prepare (self,
                    "SELECT id, idempotency_key, payload FROM outbox WHERE purged_at = 0 AND "
                    "  ((state = 'delivered' AND delivered_at <= ?1) OR "
                    "   (cancelled_at > 0 AND cancelled_at <= ?1))", error);
  update = prepare (self,
                    "UPDATE outbox SET payload = ?2, last_error = NULL, purged_at = ?3 "
                    "WHERE id = ?1", error);
  forget = prepare (self, "UPDATE attachments SET filename = '' WHERE entry_id = ?", error);
  if (select == NULL || update == NULL || forget == NULL)
    goto fail;

  sqlite3_bind_int64 (select, 1, before);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      g_autofree char *stripped = strip_payload ((const char *) sqlite3_column_text (select, 2));

      g_ptr_array_add (keys, column_strdup (select, 1));

      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, stripped, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 3, now);
      if ((rc = sqlite3_step (update)) != SQLITE_DONE)
        break;

      sqlite3_reset (forget);
      sqlite3_bind_int64 (forget, 1, id);
      if ((rc = sqlite3_step (forget)) != SQLITE_DONE)
        break;
      rc = SQLITE_ROW;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }

  if (!exec (self, "COMMIT", error))
    goto fail;

  /* The files after the commit: a crash in between leaves files of a purged
   * entry, which the next purge does not see again; so remove them now and
   * take the small risk over keeping personal data until a restart. */
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *entry_dir = g_build_filename (self->data_dir, ATTACHMENTS_DIR,
                                                     (const char *) keys->pdata[i], NULL);

      if (g_file_test (entry_dir, G_FILE_TEST_IS_DIR))
        remove_entry_dir (entry_dir);
    }

  if (keys->len > 0)
    {
      /* Old page images of the purged rows live on in the WAL until a
       * checkpoint: write them back (zeroed by secure_delete) and truncate. */
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      g_debug ("Purged the personal data of %u entries", keys->len);
    }

  return (int) keys->len;

fail:
  rollback (self);
  return -1;
}

/* Counters, the clerk's record, test helpers. */

gint64
_mc_store_counter_get (McStore    *self,
                       const char *name)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, 0);

  stmt = prepare (self, "SELECT value FROM counters WHERE name = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
counter_write (McStore     *self,
               const char  *sql,
               const char  *name,
               gint64       value,
               GError     **error)
{
  g_autoptr(McStmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, value);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
_mc_store_counter_add (McStore     *self,
                       const char  *name,
                       gint64       delta,
                       GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return counter_write (self,
                        "INSERT INTO counters (name, value) VALUES (?1, ?2) "
                        "ON CONFLICT (name) DO UPDATE SET value = value + ?2",
                        name, delta, error);
}

gboolean
_mc_store_counter_set (McStore     *self,
                       const char  *name,
                       gint64       value,
                       GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return counter_write (self,
                        "INSERT INTO counters (name, value) VALUES (?1, ?2) "
                        "ON CONFLICT (name) DO UPDATE SET value = ?2",
                        name, value, error);
}

gboolean
_mc_store_get_clerk (McStore  *self,
                     char    **out_hash,
                     guint    *out_failures,
                     gint64   *out_locked_until)
{
  g_autoptr(McStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = prepare (self, "SELECT pin_hash, failures, locked_until FROM clerk WHERE id = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW ||
      sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return FALSE;

  if (out_hash != NULL)
    *out_hash = column_strdup (stmt, 0);
  if (out_failures != NULL)
    *out_failures = sqlite3_column_int (stmt, 1);
  if (out_locked_until != NULL)
    *out_locked_until = sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

gboolean
_mc_store_set_clerk (McStore     *self,
                     const char  *hash,
                     guint        failures,
                     gint64       locked_until,
                     GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO clerk (id, pin_hash, failures, locked_until) VALUES (1, ?1, ?2, ?3) "
                  "ON CONFLICT (id) DO UPDATE SET pin_hash = coalesce (?1, pin_hash), "
                  "  failures = ?2, locked_until = ?3", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, locked_until);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
_mc_store_set_times (McStore  *self,
                     gint64    id,
                     gint64    created_at,
                     gint64    delivered_at,
                     GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = prepare (self,
                  "UPDATE outbox SET created_at = ?2, delivered_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, created_at);
  sqlite3_bind_int64 (stmt, 3, delivered_at);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Plain words for the clerk. */

/* The field a portal refusal named: the last "(… <field>)" of the message,
 * which the translations keep as it is. */
static char *
refused_field (const char *message)
{
  const char *end, *start;

  if (message == NULL || !g_str_has_suffix (message, ")"))
    return NULL;
  end = message + strlen (message) - 1;
  start = end;
  while (start > message && start[-1] != ' ' && start[-1] != '(')
    start--;
  if (start == end)
    return NULL;
  return g_strndup (start, end - start);
}

char *
mc_outbox_entry_explain (const McOutboxEntry *entry,
                         GPtrArray           *attachments)
{
  g_autofree char *field = NULL;
  const char *advice = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->cancelled_at != 0)
    return g_strdup_printf (_("Cancelled by the clerk: %s. It will not be sent."),
                            entry->cancel_reason != NULL ? entry->cancel_reason : "");

  if (entry->state == MC_OUTBOX_DELIVERED)
    return NULL;

  if (entry->state == MC_OUTBOX_QUEUED || entry->state == MC_OUTBOX_SENDING)
    {
      if (entry->last_error == NULL)
        return NULL;
      return g_strdup_printf (_("The last attempt did not succeed (%s). The kiosk tries again "
                                "by itself; nothing needs to be done."), entry->last_error);
    }

  /* Quarantined. */
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    if (((McAttachment *) g_ptr_array_index (attachments, i))->state == MC_ATTACHMENT_DAMAGED)
      return g_strdup (_("A scanned document of this dossier was damaged on the kiosk’s disk, "
                         "so it was not sent. Scan the documents again and submit a new "
                         "dossier, then cancel this one."));

  field = refused_field (entry->last_error);
  if (g_strcmp0 (field, "applicant.id_number") == 0)
    advice = _("The portal did not accept the citizen’s CCCD number. Check the number on the "
               "card with the citizen and submit a new dossier, then cancel this one.");
  else if (g_strcmp0 (field, "applicant.full_name") == 0)
    advice = _("The portal did not accept the citizen’s name. Check how it is written on the "
               "card and submit a new dossier, then cancel this one.");
  else if (g_strcmp0 (field, "applicant.birth_date") == 0)
    advice = _("The portal did not accept the date of birth. Check it on the card and submit "
               "a new dossier, then cancel this one.");
  else if (g_strcmp0 (field, "applicant.phone") == 0)
    advice = _("The portal did not accept the phone number. Check it with the citizen and "
               "submit a new dossier, then cancel this one.");
  else if (g_strcmp0 (field, "procedure_code") == 0)
    advice = _("The portal does not offer this procedure (any more). Help the citizen choose "
               "the right procedure, then cancel this dossier.");
  else if (field != NULL && g_str_has_prefix (field, "attachments"))
    advice = _("The portal did not accept one of the attached documents (wrong kind of file "
               "or too large). Scan it again and submit a new dossier, then cancel this one.");

  if (advice != NULL)
    return g_strdup (advice);

  return g_strdup_printf (_("The portal refused this dossier for good: %s. Try “Retry now” "
                            "once if the problem has been fixed at the portal; otherwise "
                            "submit a corrected dossier and cancel this one."),
                          entry->last_error != NULL ? entry->last_error : _("no reason given"));
}

/* Drafts */

gboolean
mc_store_save_draft (McStore     *self,
                     const char  *session_id,
                     const char  *procedure_code,
                     const char  *fields_json,
                     GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (procedure_code != NULL, FALSE);
  g_return_val_if_fail (fields_json != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO drafts (session_id, procedure_code, fields, updated_at) "
                  "VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT (session_id) DO UPDATE SET procedure_code = ?2, fields = ?3, "
                  "updated_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, procedure_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fields_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now_s ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

char *
mc_store_find_draft (McStore  *self,
                     gint64    since,
                     char    **out_session_id,
                     char    **out_procedure_code,
                     GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = prepare (self,
                  "SELECT session_id, procedure_code, fields FROM drafts "
                  "WHERE updated_at >= ?1 ORDER BY updated_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (out_session_id != NULL)
    *out_session_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_procedure_code != NULL)
    *out_procedure_code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 2));
}

gboolean
mc_store_delete_draft (McStore     *self,
                       const char  *session_id,
                       GError     **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  stmt = prepare (self, "DELETE FROM drafts WHERE session_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

int
mc_store_delete_drafts_before (McStore  *self,
                               gint64    before,
                               GError  **error)
{
  g_autoptr(McStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, -1);

  stmt = prepare (self, "DELETE FROM drafts WHERE updated_at < ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, before);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return -1;
    }
  return sqlite3_changes (self->db);
}
