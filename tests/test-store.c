/* test-store.c: the outbox on a real SQLite file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <utime.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "mc-store.h"
#include "mc-store-private.h"

#define PAYLOAD "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"}," \
                "\"fields\":{},\"attachments\":[]}"

static char *
make_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
}

static McOutboxEntry *
enqueue (McStore *store)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *entry;

  entry = mc_store_enqueue (store, "TEST", "1.001193", PAYLOAD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static char *
expected_number (McOutboxEntry *entry,
                 guint          seq)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->created_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *day = g_date_time_format (local, "%y%m%d");

  return g_strdup_printf ("TEST-%s-%04u", day, seq);
}

static void
test_enqueue_list (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GRegex) rfc3339 = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root, *client;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_store_get_data_dir (store), ==, dir);
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 0);
  g_assert_cmpint (mc_store_next_wakeup (store), ==, 0);

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(McOutboxEntry) entry = enqueue (store);
      g_autofree char *number = expected_number (entry, i);

      g_assert_cmpstr (entry->local_number, ==, number);
      g_assert_cmpint (entry->state, ==, MC_OUTBOX_QUEUED);
      g_assert_cmpuint (entry->attempts, ==, 0);
      g_assert_cmpstr (entry->procedure_code, ==, "1.001193");
      g_assert_true (g_uuid_string_is_valid (entry->idempotency_key));
      g_assert_false (g_hash_table_contains (keys, entry->idempotency_key));
      g_hash_table_add (keys, g_strdup (entry->idempotency_key));
      g_assert_cmpint (ABS (entry->created_at - now), <=, 5);
      g_assert_cmpint (entry->next_attempt_at, ==, entry->created_at);
      g_assert_null (entry->dossier_code);
      g_assert_null (entry->last_error);
      g_assert_cmpint (entry->delivered_at, ==, 0);
    }

  list = mc_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 3);

  /* The payload kept what we gave and gained "client". */
  {
    McOutboxEntry *first = g_ptr_array_index (list, 0);
    g_autoptr(McOutboxEntry) again = NULL;

    json_parser_load_from_data (parser, first->payload, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (root, "procedure_code"), ==, "1.001193");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "applicant"),
                                                    "full_name"), ==, "Nguyễn Văn An");
    client = json_object_get_object_member (root, "client");
    g_assert_nonnull (client);
    g_assert_cmpstr (json_object_get_string_member (client, "kiosk_id"), ==, "TEST");
    g_assert_cmpstr (json_object_get_string_member (client, "local_number"), ==,
                     first->local_number);
    rfc3339 = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$", 0, 0, NULL);
    g_assert_true (g_regex_match (rfc3339, json_object_get_string_member (client, "created_at"),
                                  0, NULL));

    again = mc_store_find_by_number (store, first->local_number, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->id, ==, first->id);
    g_assert_cmpstr (again->idempotency_key, ==, first->idempotency_key);
  }

  g_assert_null (mc_store_find_by_number (store, "TEST-000000-9999", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_store_get (store, 4242, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Not a JSON object: refused, nothing written, no number spent. */
  g_assert_null (mc_store_enqueue (store, "TEST", "1.001193", "[1, 2]", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO);
  g_clear_error (&error);
  {
    g_autoptr(McOutboxEntry) entry = enqueue (store);
    g_autofree char *number = expected_number (entry, 4);

    g_assert_cmpstr (entry->local_number, ==, number);
  }
}

static void
test_survives_restart (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *key = NULL;
  McStore *store;
  gint64 id;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) a = enqueue (store);
    g_autoptr(McOutboxEntry) b = enqueue (store);

    id = a->id;
    key = g_strdup (a->idempotency_key);
    g_assert_true (mc_store_mark_retry (store, b->id, 12345, "HTTP 503", &error));
    g_assert_no_error (error);
  }
  mc_store_close (store);

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  list = mc_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  {
    McOutboxEntry *a = g_ptr_array_index (list, 0);
    McOutboxEntry *b = g_ptr_array_index (list, 1);
    g_autoptr(McOutboxEntry) c = enqueue (store);
    g_autofree char *number = expected_number (c, 3);

    g_assert_cmpint (a->id, ==, id);
    g_assert_cmpstr (a->idempotency_key, ==, key);
    g_assert_cmpint (b->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (b->attempts, ==, 1);
    g_assert_cmpint (b->next_attempt_at, ==, 12345);
    g_assert_cmpstr (b->last_error, ==, "HTTP 503");
    /* The daily sequence continues after a restart. */
    g_assert_cmpstr (c->local_number, ==, number);
  }
  mc_store_close (store);
}

static McOutboxEntry *
get (McStore *store,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *entry = mc_store_get (store, id, &error);

  g_assert_no_error (error);
  return entry;
}

static void
test_states (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) a = NULL;
  g_autoptr(McOutboxEntry) b = NULL;
  g_autoptr(McOutboxEntry) c = NULL;
  gint64 now;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  a = enqueue (store);
  b = enqueue (store);
  c = enqueue (store);
  now = c->created_at;

  g_assert_cmpstr (mc_outbox_state_to_string (MC_OUTBOX_QUEUED), ==, "queued");
  g_assert_cmpstr (mc_outbox_state_to_string (MC_OUTBOX_SENDING), ==, "sending");
  g_assert_cmpstr (mc_outbox_state_to_string (MC_OUTBOX_DELIVERED), ==, "delivered");
  g_assert_cmpstr (mc_outbox_state_to_string (MC_OUTBOX_REJECTED), ==, "rejected");

  /* Nothing is due before it was created; then FIFO. */
  {
    g_autoptr(McOutboxEntry) none = mc_store_next_due (store, a->created_at - 1, &error);

    g_assert_no_error (error);
    g_assert_null (none);
  }
  {
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, now, &error);

    g_assert_no_error (error);
    g_assert_cmpint (due->id, ==, a->id);
  }

  /* SENDING: not due again until it is stale (the process died mid-attempt). */
  g_assert_true (mc_store_mark_sending (store, a->id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) sending = get (store, a->id);
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, now, &error);
    g_autoptr(McOutboxEntry) stale = NULL;

    g_assert_cmpint (sending->state, ==, MC_OUTBOX_SENDING);
    g_assert_cmpint (due->id, ==, b->id);
    stale = mc_store_next_due (store, sending->next_attempt_at + MC_STORE_STALE_SENDING_S, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stale->id, ==, a->id);
    g_assert_cmpstr (stale->idempotency_key, ==, a->idempotency_key);
  }
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 3);

  /* A transient failure spends an attempt; a network failure does not. */
  g_assert_true (mc_store_mark_retry (store, a->id, now + 100, "HTTP 503", &error));
  g_assert_true (mc_store_mark_sending (store, b->id, &error));
  g_assert_true (mc_store_mark_postponed (store, b->id, now + 50, "no route", &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) ra = get (store, a->id);
    g_autoptr(McOutboxEntry) rb = get (store, b->id);
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, now, &error);

    g_assert_cmpint (ra->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (ra->attempts, ==, 1);
    g_assert_cmpstr (ra->last_error, ==, "HTTP 503");
    g_assert_cmpint (rb->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (rb->attempts, ==, 0);
    g_assert_cmpstr (rb->last_error, ==, "no route");
    g_assert_cmpint (due->id, ==, c->id);
  }

  /* Delivered: receipt stored, no longer waiting, no longer due. */
  g_assert_true (mc_store_mark_sending (store, c->id, &error));
  g_assert_true (mc_store_mark_delivered (store, c->id, "G01-000042", "https://x/42", &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) rc = get (store, c->id);
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, now, &error);

    g_assert_cmpint (rc->state, ==, MC_OUTBOX_DELIVERED);
    g_assert_cmpstr (rc->dossier_code, ==, "G01-000042");
    g_assert_cmpstr (rc->tracking_url, ==, "https://x/42");
    g_assert_cmpint (rc->delivered_at, >=, now);
    g_assert_null (due);
  }
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 2);
  g_assert_cmpint (mc_store_next_wakeup (store), ==, now + 50);

  /* A delivered entry cannot go back. */
  g_assert_false (mc_store_mark_retry (store, c->id, now, "late", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (mc_store_retry_now (store, c->id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) rc = get (store, c->id);

    g_assert_cmpint (rc->state, ==, MC_OUTBOX_DELIVERED);
  }

  /* Rejected, then the clerk retries it now. */
  g_assert_true (mc_store_mark_rejected (store, a->id, "invalid id_number", &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) ra = get (store, a->id);

    g_assert_cmpint (ra->state, ==, MC_OUTBOX_REJECTED);
    g_assert_cmpstr (ra->last_error, ==, "invalid id_number");
    g_assert_cmpuint (ra->attempts, ==, 2);
  }
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 1);
  g_assert_true (mc_store_retry_now (store, a->id, &error));
  g_assert_true (mc_store_retry_now (store, b->id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) ra = get (store, a->id);
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, g_get_real_time () / G_USEC_PER_SEC,
                                                      &error);

    g_assert_cmpint (ra->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpint (due->id, ==, a->id);
  }
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 2);

  /* A worker starting up takes back what a dead process left in SENDING. */
  g_assert_true (mc_store_mark_sending (store, b->id, &error));
  g_assert_cmpint (_mc_store_requeue_sending (store, &error), ==, 1);
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) rb = get (store, b->id);

    g_assert_cmpint (rb->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (rb->attempts, ==, 0);
  }

  g_assert_false (mc_store_mark_sending (store, 999, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mc_store_retry_now (store, 999, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_permissions (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "kiosk.db-wal", NULL);
  g_autofree char *shm = g_build_filename (dir, "kiosk.db-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  mode_t old_umask = umask (022);

  /* Even a folder that exists with a lax mode is tightened. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  mc_outbox_entry_free (enqueue (store));

  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (db), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  umask (old_umask);
}

static void
test_corrupt (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autoptr(GError) error = NULL;
  McStore *store;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (db, garbage, -1, &error);
  g_assert_no_error (error);

  store = mc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "kiosk.db"));
  g_test_message ("%s", error->message);
}

static void
test_too_new (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  McStore *store;
  sqlite3 *raw = NULL;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  mc_store_close (store);

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 999", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (raw);

  store = mc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW);
}

typedef struct
{
  const char *dir;
  guint       n;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (w->dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr(McOutboxEntry) entry = mc_store_enqueue (store, "TEST", "1.001193", PAYLOAD,
                                                         &error);
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_concurrent (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) ui = NULL;
  g_autoptr(McStore) worker = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  Writer w = { dir, 25 };
  GThread *threads[2];

  /* The UI's handle and the worker's handle on one file see each other. */
  ui = mc_store_open (dir, &error);
  g_assert_no_error (error);
  worker = mc_store_open (dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(McOutboxEntry) entry = enqueue (ui);
    g_autoptr(McOutboxEntry) due = mc_store_next_due (worker, entry->created_at, &error);

    g_assert_no_error (error);
    g_assert_cmpint (due->id, ==, entry->id);
    g_assert_true (mc_store_mark_delivered (worker, due->id, "X-1", NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (mc_store_count_waiting (ui), ==, 0);

  /* Two writers at once: every enqueue lands, every local number is unique. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("writer", writer_thread, &w);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  list = mc_store_list (worker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1 + 2 * w.n);
  for (guint i = 0; i < list->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (list, i);

      g_assert_false (g_hash_table_contains (numbers, entry->local_number));
      g_hash_table_add (numbers, entry->local_number);
    }
  g_assert_cmpuint (mc_store_count_waiting (ui), ==, 2 * w.n);
}

/* A full disk: SQLite reports SQLITE_FULL for ENOSPC; the page cap makes it
 * report exactly that. */
static void
test_disk_full (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) payload = g_string_new ("{\"procedure_code\":\"1.001193\",\"note\":\"");

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  mc_outbox_entry_free (enqueue (store));

  for (guint i = 0; i < 512 * 1024; i++)
    g_string_append_c (payload, 'a' + i % 26);
  g_string_append (payload, "\"}");

  g_assert_true (_mc_store_set_max_pages (store, 16, &error));
  g_assert_no_error (error);
  entry = mc_store_enqueue (store, "TEST", "1.001193", payload->str, &error);
  g_assert_null (entry);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Nothing half-written, no number spent; with room again, it carries on. */
  g_assert_true (_mc_store_set_max_pages (store, 1073741823, &error));
  list = mc_store_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  entry = enqueue (store);
  g_assert_true (g_str_has_suffix (entry->local_number, "-0002"));
}

/* Attachments. */

static GBytes *
make_bytes (gsize  size,
            guint8 seed)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + seed);
  return g_bytes_new_take (data, size);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_attachments (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *source = NULL;
  g_autofree char *entry_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) pdf = make_bytes (300 * 1024 + 7, 1);
  g_autoptr(GBytes) jpeg = make_bytes (70000, 2);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf_sha = sha256_of (pdf);
  g_autofree char *jpeg_sha = sha256_of (jpeg);
  McAttachmentSpec a = { NULL, pdf, "Giấy chứng sinh", "giay-chung-sinh.pdf", "application/pdf" };
  McAttachmentSpec b = { NULL, NULL, "Ảnh", "anh.jpg", "image/jpeg" };
  JsonArray *array;
  GStatBuf st;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);

  /* One from memory, one from a file. */
  source = g_build_filename (g_get_tmp_dir (), "scan.jpg", NULL);
  g_file_set_contents (source, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error);
  g_assert_no_error (error);
  b.source_path = source;
  g_ptr_array_add (specs, &a);
  g_ptr_array_add (specs, &b);

  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  list = mc_store_list_attachments (store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      McAttachment *att = g_ptr_array_index (list, i);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_cmpuint (att->position, ==, i);
      g_assert_cmpint (att->entry_id, ==, entry->id);
      g_assert_cmpint (att->state, ==, MC_ATTACHMENT_PENDING);
      g_assert_null (att->upload_url);
      g_assert_cmpint (att->offset, ==, 0);
      g_assert_true (g_uuid_string_is_valid (att->client_key));
      g_assert_true (g_str_has_prefix (att->path, dir));
      g_assert_nonnull (strstr (att->path, entry->idempotency_key));
      g_assert_cmpint (g_stat (att->path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_true (g_file_get_contents (att->path, &contents, &len, NULL));
      g_assert_cmpint (att->size, ==, len);
      g_assert_true (mc_store_verify_attachment (store, att, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (((McAttachment *) list->pdata[0])->sha256, ==, pdf_sha);
  g_assert_cmpstr (((McAttachment *) list->pdata[1])->sha256, ==, jpeg_sha);
  g_assert_cmpstr (((McAttachment *) list->pdata[1])->filename, ==, "anh.jpg");
  g_assert_cmpstr (((McAttachment *) list->pdata[0])->document, ==, "Giấy chứng sinh");

  /* No temporary file left over. */
  entry_dir = g_path_get_dirname (((McAttachment *) list->pdata[0])->path);
  g_assert_cmpuint (count_files (entry_dir), ==, 2);

  /* The payload lists them, without upload ids yet. */
  json_parser_load_from_data (parser, entry->payload, -1, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "attachments");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "sha256"), ==, pdf_sha);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1),
                                               "size"), ==, 70000);
  g_assert_false (json_object_has_member (json_array_get_object_element (array, 0), "upload_id"));

  /* Upload progress is recorded. */
  {
    McAttachment *att = g_ptr_array_index (list, 0);
    g_autoptr(GPtrArray) again = NULL;
    g_autofree char *id = NULL;

    g_assert_true (mc_store_update_attachment (store, att->id, "/api/v1/uploads/abc123", 1048576,
                                               MC_ATTACHMENT_UPLOADING, &error));
    g_assert_no_error (error);
    again = mc_store_list_attachments (store, entry->id, &error);
    att = g_ptr_array_index (again, 0);
    g_assert_cmpstr (att->upload_url, ==, "/api/v1/uploads/abc123");
    g_assert_cmpint (att->offset, ==, 1048576);
    g_assert_cmpint (att->state, ==, MC_ATTACHMENT_UPLOADING);
    id = mc_attachment_get_upload_id (att);
    g_assert_cmpstr (id, ==, "abc123");
    g_assert_cmpstr (mc_attachment_state_to_string (att->state), ==, "uploading");
  }

  g_unlink (source);
}

/* A stored copy altered or removed is detected before anything is sent. */
static void
test_attachment_damaged (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) bytes = make_bytes (5000, 3);
  McAttachmentSpec a = { NULL, bytes, "Tờ khai", "to-khai.pdf", "application/pdf" };
  McAttachment *att;
  g_autofree char *contents = NULL;
  gsize len;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_ptr_array_add (specs, &a);
  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_no_error (error);
  list = mc_store_list_attachments (store, entry->id, &error);
  att = g_ptr_array_index (list, 0);

  /* One flipped byte, same size. */
  g_assert_true (g_file_get_contents (att->path, &contents, &len, NULL));
  contents[len / 2] ^= 0x01;
  g_assert_cmpint (g_chmod (att->path, 0600), ==, 0);
  g_assert_true (g_file_set_contents (att->path, contents, len, NULL));
  g_assert_false (mc_store_verify_attachment (store, att, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "to-khai.pdf"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Gone. */
  g_assert_cmpint (g_unlink (att->path), ==, 0);
  g_assert_false (mc_store_verify_attachment (store, att, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
}

/* The portal's limits, remembered from its health reply, refuse a file at the
 * attach step, and a dossier at finalization, with nothing saved. */
static void
test_size_limits (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *top = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) big = make_bytes (3000, 4);
  McAttachmentSpec a = { NULL, big, "Tờ khai", "to-khai.pdf", "application/pdf" };
  gint64 max_a, max_d;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);

  /* Unknown limits accept anything. */
  mc_store_get_portal_limits (store, &max_a, &max_d);
  g_assert_cmpint (max_a, ==, 0);
  g_assert_cmpint (max_d, ==, 0);
  g_assert_true (mc_store_check_attachment_size (store, G_GINT64_CONSTANT (1) << 40, &error));
  g_assert_no_error (error);

  g_assert_true (mc_store_set_portal_limits (store, 2000, 1000000, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_set_portal_limits (store, 2500, 4000, &error));
  mc_store_get_portal_limits (store, &max_a, &max_d);
  g_assert_cmpint (max_a, ==, 2500);
  g_assert_cmpint (max_d, ==, 4000);

  g_assert_true (mc_store_check_attachment_size (store, 2500, &error));
  g_assert_false (mc_store_check_attachment_size (store, 2501, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "2501 bytes"));
  g_assert_nonnull (strstr (error->message, "2500 bytes"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (mc_store_check_dossier_size (store, 4001, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_ptr_array_add (specs, &a);
  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_null (entry);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Within the file limit, but the dossier as a whole is too large. */
  g_assert_true (mc_store_set_portal_limits (store, 5000, 3100, &error));
  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_null (entry);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  list = mc_store_list (store, &error);
  g_assert_cmpuint (list->len, ==, 0);
  top = g_build_filename (dir, "attachments", NULL);
  g_assert_cmpuint (count_files (top), ==, 0);
}

/* A source that cannot be read: nothing saved, no number spent. */
static void
test_attachment_unreadable (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *top = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GBytes) ok = make_bytes (1000, 5);
  McAttachmentSpec a = { NULL, ok, "Tờ khai", "to-khai.pdf", "application/pdf" };
  McAttachmentSpec b = { "/nonexistent/scan.jpg", NULL, "Ảnh", "anh.jpg", "image/jpeg" };

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_ptr_array_add (specs, &a);
  g_ptr_array_add (specs, &b);
  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_null (entry);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "anh.jpg"));
  g_clear_error (&error);

  top = g_build_filename (dir, "attachments", NULL);
  g_assert_cmpuint (count_files (top), ==, 0);
  entry = enqueue (store);
  g_assert_true (g_str_has_suffix (entry->local_number, "-0001"));
}

/* Out of room while copying an attachment. A real kernel error on the real
 * write path: the child caps its file size (RLIMIT_FSIZE), so write() fails
 * with EFBIG exactly as a full disk fails with ENOSPC (the same branch).
 * The parent then checks that nothing was left behind. */
static void
test_attachment_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *top = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;

  /* The child would clean up the isolated folders it shares with us when it
   * ends: use a folder of our own and hand it over. */
  if (!g_test_subprocess ())
    {
      dir = g_dir_make_tmp ("motcua-store-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv ("MC_TEST_DATA_DIR", dir, TRUE);
    }
  else
    dir = g_strdup (g_getenv ("MC_TEST_DATA_DIR"));
  top = g_build_filename (dir, "attachments", NULL);

  if (g_test_subprocess ())
    {
      g_autoptr(McOutboxEntry) entry = NULL;
      g_autoptr(GPtrArray) specs = g_ptr_array_new ();
      g_autoptr(GBytes) small = make_bytes (1000, 6);
      g_autoptr(GBytes) big = make_bytes (256 * 1024, 7);
      McAttachmentSpec a = { NULL, small, "Tờ khai", "to-khai.pdf", "application/pdf" };
      McAttachmentSpec b = { NULL, big, "Ảnh", "anh.jpg", "image/jpeg" };
      struct rlimit limit = { 128 * 1024, 128 * 1024 };

      store = mc_store_open (dir, &error);
      g_assert_no_error (error);
      mc_outbox_entry_free (enqueue (store));

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_ptr_array_add (specs, &a);
      g_ptr_array_add (specs, &b);
      entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs,
                                                 &error);
      g_assert_null (entry);
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL);
      g_assert_nonnull (strstr (error->message, "anh.jpg"));
      g_printerr ("%s\n", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("MC_TEST_DATA_DIR");

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  list = mc_store_list (store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (count_files (top), ==, 0);

  g_clear_pointer (&store, mc_store_close);
  {
    const char *names[] = { "kiosk.db", "kiosk.db-wal", "kiosk.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_unlink (path);
      }
    g_rmdir (top);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

/* A database of schema 1 (before attachments) migrates, keeping its entries. */
static void
test_migrate_from_1 (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
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
    "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO outbox (local_number, idempotency_key, procedure_code, payload, created_at,"
    "  next_attempt_at) VALUES ('OLD-260101-0001', 'k1', '1.001193', '{}', 1, 1);"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  list = mc_store_list (store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((McOutboxEntry *) list->pdata[0])->local_number, ==, "OLD-260101-0001");
  attachments = mc_store_list_attachments (store, ((McOutboxEntry *) list->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 0);
}

/* A crash between saving the files and committing the entry leaves a folder
 * no entry refers to: removed at the next open once it is old enough (a
 * younger one may belong to another process about to commit). */
static void
test_attachment_orphans (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *old_key = g_uuid_string_random ();
  g_autofree char *young_key = g_uuid_string_random ();
  g_autofree char *old_dir = NULL;
  g_autofree char *old_file = NULL;
  g_autofree char *young_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) bytes = make_bytes (1000, 9);
  McAttachmentSpec a = { NULL, bytes, "Tờ khai", "to-khai.pdf", "application/pdf" };
  struct utimbuf long_ago = { 1000000000, 1000000000 };

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_ptr_array_add (specs, &a);
  entry = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_no_error (error);
  list = mc_store_list_attachments (store, entry->id, &error);
  g_clear_pointer (&store, mc_store_close);

  old_dir = g_build_filename (dir, "attachments", old_key, NULL);
  young_dir = g_build_filename (dir, "attachments", young_key, NULL);
  old_file = g_build_filename (old_dir, "x", NULL);
  g_assert_cmpint (g_mkdir (old_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (young_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old_file, "x", 1, NULL));
  g_assert_cmpint (utime (old_dir, &long_ago), ==, 0);
  /* Our entry's own folder, old too: kept. */
  {
    g_autofree char *own = g_path_get_dirname (((McAttachment *) list->pdata[0])->path);

    g_assert_cmpint (utime (own, &long_ago), ==, 0);
  }

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (old_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (mc_store_verify_attachment (store, list->pdata[0], &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/store/enqueue-list", test_enqueue_list);
  g_test_add_func ("/motcua/store/outbox-survives-restart", test_survives_restart);
  g_test_add_func ("/motcua/store/states", test_states);
  g_test_add_func ("/motcua/store/permissions", test_permissions);
  g_test_add_func ("/motcua/store/corrupt", test_corrupt);
  g_test_add_func ("/motcua/store/too-new", test_too_new);
  g_test_add_func ("/motcua/store/concurrent", test_concurrent);
  g_test_add_func ("/motcua/store/disk-full", test_disk_full);
  g_test_add_func ("/motcua/store/attachments", test_attachments);
  g_test_add_func ("/motcua/store/attachment-damaged", test_attachment_damaged);
  g_test_add_func ("/motcua/store/size-limits", test_size_limits);
  g_test_add_func ("/motcua/store/attachment-unreadable", test_attachment_unreadable);
  g_test_add_func ("/motcua/store/attachment-disk-full", test_attachment_disk_full);
  g_test_add_func ("/motcua/store/migrate-from-1", test_migrate_from_1);
  g_test_add_func ("/motcua/store/attachment-orphans", test_attachment_orphans);

  return g_test_run ();
}
