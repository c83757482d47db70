/* test-sync.c: the outbox worker against the real portal simulator:
 * delivered exactly once, the portal down and back, a lost reply, a refusal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-portal.h"
#include "mc-store.h"
#include "mc-sync.h"
#include "sim-runner.h"

/* A dossier the simulator accepts (and one it refuses: the CCCD is short). */
#define PAYLOAD_OK \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
  "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\"," \
  "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}"
#define PAYLOAD_BAD \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Trần Thị Bình\"," \
  "\"id_number\":\"12345\",\"birth_date\":\"1990-05-17\",\"sex\":\"female\"," \
  "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}"

/* Generous bound on any wait for the worker: a stuck test fails, it does not hang. */
#define WAIT_LIMIT_S 30

typedef struct
{
  SimRunner  sim;
  char      *data_dir;
  McConfig  *config;
  McStore   *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sim_runner_init (&f->sim);
  f->data_dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  f->config = mc_config_new_default ();
  g_free (f->config->kiosk_id);
  f->config->kiosk_id = g_strdup ("TEST");
  f->config->retry_initial_s = 1;
  f->config->retry_max_s = 2;
  f->config->request_timeout_s = 5;
  f->store = mc_store_open (f->data_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sim_runner_clear (&f->sim);
  g_clear_pointer (&f->store, mc_store_close);
  g_clear_pointer (&f->config, mc_config_free);
  g_clear_pointer (&f->data_dir, g_free);
}

static void
use_portal (Fixture *f)
{
  g_free (f->config->portal_url);
  f->config->portal_url = g_strdup_printf ("http://127.0.0.1:%u", f->sim.port);
}

static McOutboxEntry *
enqueue (Fixture    *f,
         const char *payload)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *entry = mc_store_enqueue (f->store, "TEST", "1.001193", payload, &error);

  g_assert_no_error (error);
  return entry;
}

static McOutboxEntry *
get (Fixture *f,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *entry = mc_store_get (f->store, id, &error);

  g_assert_no_error (error);
  return entry;
}

/* Checks that the simulator holds exactly one dossier with @entry's key, and
 * that its code is our receipt. Returns how often the portal replayed it. */
static gint64
assert_delivered_once (Fixture *f,
                       gint64   id)
{
  g_autoptr(McOutboxEntry) entry = get (f, id);
  g_autoptr(JsonArray) dossiers = sim_runner_dossiers (&f->sim);
  JsonObject *dossier = NULL;

  g_assert_cmpint (entry->state, ==, MC_OUTBOX_DELIVERED);
  g_assert_cmpuint (sim_runner_count_key (dossiers, entry->idempotency_key, &dossier), ==, 1);
  g_assert_cmpstr (entry->dossier_code, ==, json_object_get_string_member (dossier, "dossier_code"));
  g_assert_cmpstr (entry->tracking_url, ==, json_object_get_string_member (dossier, "tracking_url"));
  g_assert_cmpint (entry->delivered_at, >, 0);
  g_assert_null (entry->last_error);

  return json_object_get_int_member (dossier, "times_replayed");
}

/* Worker observation on the main context. */

typedef struct
{
  Fixture     *f;
  McSync      *sync;
  gint64       id;            /* the entry waited for */
  McOutboxState state;        /* the state waited for */
  McLinkState  link;          /* or the link state waited for */
  gboolean     want_link;
  guint        n_changed;
  guint        max_waiting;
  GArray      *link_history;  /* McLinkState */
  gboolean     timed_out;
} Watch;

static void
entry_changed_cb (McSync *sync,
                  gint64  id,
                  Watch  *w)
{
  w->n_changed++;
}

static void
link_notify_cb (McSync     *sync,
                GParamSpec *pspec,
                Watch      *w)
{
  McLinkState link = mc_sync_get_link_state (sync);

  g_array_append_val (w->link_history, link);
}

static void
waiting_notify_cb (McSync     *sync,
                   GParamSpec *pspec,
                   Watch      *w)
{
  w->max_waiting = MAX (w->max_waiting, mc_sync_get_waiting (sync));
}

static gboolean
limit_cb (gpointer data)
{
  Watch *w = data;

  w->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;  /* just wakes the loop to re-check the store */
}

static gboolean
watch_done (Watch *w)
{
  if (w->want_link)
    {
      /* Seen since the last wait, even if it has flipped back already. */
      for (guint i = 0; i < w->link_history->len; i++)
        if (g_array_index (w->link_history, McLinkState, i) == w->link)
          return TRUE;
      return mc_sync_get_link_state (w->sync) == w->link;
    }
  else
    {
      g_autoptr(McOutboxEntry) entry = get (w->f, w->id);

      return entry->state == w->state;
    }
}

static void
watch_run (Watch *w)
{
  guint limit = g_timeout_add_seconds (WAIT_LIMIT_S, limit_cb, w);
  guint poll = g_timeout_add (100, poll_cb, w);

  while (!watch_done (w) && !w->timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (w->timed_out);
  g_array_set_size (w->link_history, 0);
  g_source_remove (limit);
  g_source_remove (poll);
}

static void
wait_entry (Watch         *w,
            gint64         id,
            McOutboxState  state)
{
  w->want_link = FALSE;
  w->id = id;
  w->state = state;
  watch_run (w);
}

static void
wait_link (Watch       *w,
           McLinkState  link)
{
  w->want_link = TRUE;
  w->link = link;
  watch_run (w);
}

static void
watch_init (Watch   *w,
            Fixture *f,
            McSync  *sync)
{
  memset (w, 0, sizeof *w);
  w->f = f;
  w->sync = sync;
  w->link_history = g_array_new (FALSE, FALSE, sizeof (McLinkState));
  g_signal_connect (sync, "entry-changed", G_CALLBACK (entry_changed_cb), w);
  g_signal_connect (sync, "notify::link-state", G_CALLBACK (link_notify_cb), w);
  g_signal_connect (sync, "notify::waiting", G_CALLBACK (waiting_notify_cb), w);
}

static void
watch_finish (Watch *w)
{
  g_signal_handlers_disconnect_by_data (w->sync, w);
  g_array_unref (w->link_history);
}

/* Lets reports already queued by the worker arrive. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Tests. */

static void
test_delivered_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McSync) sync = NULL;
  Watch w;

  if (!sim_runner_check ())
    return;

  sim_runner_start (&f->sim, 0);
  use_portal (f);
  entry = enqueue (f, PAYLOAD_OK);

  sync = mc_sync_new (f->data_dir, f->config);
  g_assert_cmpint (mc_sync_get_link_state (sync), ==, MC_LINK_UNKNOWN);
  watch_init (&w, f, sync);
  mc_sync_start (sync);

  wait_entry (&w, entry->id, MC_OUTBOX_DELIVERED);
  g_assert_cmpint (assert_delivered_once (f, entry->id), ==, 0);

  /* The reports arrive on this thread's main context. */
  wait_link (&w, MC_LINK_ONLINE);
  drain_main_context ();
  g_assert_cmpuint (w.n_changed, >=, 2);  /* sending, delivered */
  g_assert_cmpuint (w.max_waiting, ==, 1);
  while (mc_sync_get_waiting (sync) != 0)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(McOutboxEntry) again = get (f, entry->id);

    g_assert_cmpuint (again->attempts, ==, 1);
  }

  /* A second one, announced by the UI: the worker is idle and wakes up. */
  {
    g_autoptr(McOutboxEntry) second = enqueue (f, PAYLOAD_OK);

    mc_sync_wake (sync);
    wait_entry (&w, second->id, MC_OUTBOX_DELIVERED);
    g_assert_cmpint (assert_delivered_once (f, second->id), ==, 0);
  }

  mc_sync_stop (sync);
  watch_finish (&w);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_portal_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McOutboxEntry) second = NULL;
  g_autoptr(McSync) sync = NULL;
  guint16 port = sim_runner_free_port ();
  Watch w;

  if (!sim_runner_check ())
    return;

  /* Nobody at the portal's address yet. */
  g_free (f->config->portal_url);
  f->config->portal_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  entry = enqueue (f, PAYLOAD_OK);

  sync = mc_sync_new (f->data_dir, f->config);
  watch_init (&w, f, sync);
  mc_sync_start (sync);

  wait_link (&w, MC_LINK_OFFLINE);
  {
    g_autoptr(McOutboxEntry) waiting = get (f, entry->id);

    g_assert_cmpint (waiting->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (waiting->attempts, ==, 0);
  }

  /* The portal comes up: the worker finds it by itself (health re-probe),
   * nobody wakes it. */
  sim_runner_start (&f->sim, port);
  wait_entry (&w, entry->id, MC_OUTBOX_DELIVERED);
  assert_delivered_once (f, entry->id);
  wait_link (&w, MC_LINK_ONLINE);

  /* The portal dies (killed) while the worker runs. */
  sim_runner_stop (&f->sim, TRUE);
  second = enqueue (f, PAYLOAD_OK);
  mc_sync_wake (sync);
  wait_link (&w, MC_LINK_OFFLINE);
  {
    g_autoptr(McOutboxEntry) waiting = get (f, second->id);

    g_assert_cmpint (waiting->state, ==, MC_OUTBOX_QUEUED);
    g_assert_cmpuint (waiting->attempts, ==, 0);  /* a network failure spends none */
  }

  /* Back again, same port and database. */
  sim_runner_start (&f->sim, port);
  wait_entry (&w, second->id, MC_OUTBOX_DELIVERED);
  assert_delivered_once (f, second->id);
  assert_delivered_once (f, entry->id);
  {
    g_autoptr(JsonArray) dossiers = sim_runner_dossiers (&f->sim);

    g_assert_cmpuint (json_array_get_length (dossiers), ==, 2);
  }

  mc_sync_stop (sync);
  watch_finish (&w);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_lost_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McSync) sync = NULL;
  Watch w;

  if (!sim_runner_check ())
    return;

  sim_runner_start (&f->sim, 0);
  use_portal (f);

  /* The portal commits the dossier and the reply is lost; the worker must
   * retry with the same key and store the receipt of the one dossier. (The
   * simulator closes every connection, so libcurl cannot hide the loss by
   * retrying on a fresh one itself.) */
  sim_runner_add_fault (&f->sim, "lose_reply,count=1,on=submit");
  entry = enqueue (f, PAYLOAD_OK);

  sync = mc_sync_new (f->data_dir, f->config);
  watch_init (&w, f, sync);
  mc_sync_start (sync);

  wait_link (&w, MC_LINK_OFFLINE);  /* the lost reply is a network failure */
  wait_entry (&w, entry->id, MC_OUTBOX_DELIVERED);
  g_assert_cmpint (assert_delivered_once (f, entry->id), ==, 1);
  {
    g_autoptr(JsonArray) dossiers = sim_runner_dossiers (&f->sim);

    g_assert_cmpuint (json_array_get_length (dossiers), ==, 1);
  }

  mc_sync_stop (sync);
  watch_finish (&w);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McOutboxEntry) bad = NULL;
  g_autoptr(McOutboxEntry) good = NULL;
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  guint delivered;

  if (!sim_runner_check ())
    return;

  sim_runner_start (&f->sim, 0);
  use_portal (f);
  bad = enqueue (f, PAYLOAD_BAD);
  good = enqueue (f, PAYLOAD_OK);

  /* A refusal quarantines that dossier only; the queue goes on. */
  delivered = mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (delivered, ==, 1);

  after = get (f, bad->id);
  g_assert_cmpint (after->state, ==, MC_OUTBOX_REJECTED);
  g_assert_nonnull (after->last_error);
  g_assert_nonnull (strstr (after->last_error, "applicant.id_number"));
  g_assert_cmpuint (after->attempts, ==, 1);
  assert_delivered_once (f, good->id);

  dossiers = sim_runner_dossiers (&f->sim);
  g_assert_cmpuint (sim_runner_count_key (dossiers, bad->idempotency_key, NULL), ==, 0);
  g_assert_cmpuint (mc_store_count_waiting (f->store), ==, 0);

  /* Nothing waits: another pass delivers nothing and sends nothing. */
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, TRUE, 5, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_transient (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(GError) error = NULL;

  if (!sim_runner_check ())
    return;

  sim_runner_start (&f->sim, 0);
  use_portal (f);
  entry = enqueue (f, PAYLOAD_OK);

  /* Once through: the 503 spends an attempt and schedules a retry. */
  sim_runner_add_fault (&f->sim, "status=503,count=1,retry_after=1,on=submit");
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 0);
  g_assert_no_error (error);
  after = get (f, entry->id);
  g_assert_cmpint (after->state, ==, MC_OUTBOX_QUEUED);
  g_assert_cmpuint (after->attempts, ==, 1);
  g_assert_nonnull (strstr (after->last_error, "503"));
  g_assert_cmpint (after->next_attempt_at, >, after->created_at);

  /* Until empty: waits out the backoff, then delivers. */
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, TRUE, WAIT_LIMIT_S, &error),
                    ==, 1);
  g_assert_no_error (error);
  assert_delivered_once (f, entry->id);
  g_clear_pointer (&after, mc_outbox_entry_free);
  after = get (f, entry->id);
  g_assert_cmpuint (after->attempts, ==, 2);
}

static void
test_blocking_offline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = sim_runner_free_port ();

  g_free (f->config->portal_url);
  f->config->portal_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  entry = enqueue (f, PAYLOAD_OK);

  /* Once through with the portal away: a network error, nothing spent. */
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 0);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);

  /* Until empty, bounded: times out, the entry still waits. */
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, TRUE, 2, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  after = get (f, entry->id);
  g_assert_cmpint (after->state, ==, MC_OUTBOX_QUEUED);
  g_assert_cmpuint (after->attempts, ==, 0);
}

/* Attachments. */

static McOutboxEntry *
enqueue_with_file (Fixture     *f,
                   gsize        size,
                   const char  *filename)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc (size);
  McAttachmentSpec spec = { NULL, NULL, "Tờ khai", filename, "application/pdf" };
  McOutboxEntry *entry;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + size);
  bytes = g_bytes_new_take (data, size);
  spec.bytes = bytes;
  g_ptr_array_add (specs, &spec);

  entry = mc_store_enqueue_with_attachments (f->store, "TEST", "1.001193", PAYLOAD_OK, specs,
                                             &error);
  g_assert_no_error (error);
  return entry;
}

static McAttachment *
first_attachment (Fixture *f,
                  gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mc_store_list_attachments (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 1);
  return g_ptr_array_steal_index (list, 0);
}

static gboolean
start_uploads_sim (Fixture *f)
{
  if (!sim_runner_check ())
    return FALSE;

  sim_runner_start (&f->sim, 0);
  if (!sim_runner_supports_uploads (&f->sim))
    {
      g_test_skip ("the portal simulator does not take uploads");
      return FALSE;
    }
  use_portal (f);
  return TRUE;
}

/* Uploaded in chunks, then the dossier lists it; the portal's limits are
 * remembered from its health reply. */
static void
test_attachments_delivered (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McAttachment) a = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upload_id = NULL;
  JsonObject *dossier = NULL, *listed;
  gint64 max_attachment, max_dossier;

  if (!start_uploads_sim (f))
    return;

  f->config->upload_chunk_bytes = 64 * 1024;
  entry = enqueue_with_file (f, 300 * 1024 + 5, "to-khai.pdf");
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 1);
  g_assert_no_error (error);
  assert_delivered_once (f, entry->id);

  a = first_attachment (f, entry->id);
  g_assert_cmpint (a->state, ==, MC_ATTACHMENT_UPLOADED);
  g_assert_cmpint (a->offset, ==, a->size);
  upload_id = mc_attachment_get_upload_id (a);
  g_assert_nonnull (upload_id);

  dossiers = sim_runner_dossiers (&f->sim);
  sim_runner_count_key (dossiers, entry->idempotency_key, &dossier);
  listed = json_array_get_object_element (json_object_get_array_member (dossier, "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "upload_id"), ==, upload_id);
  g_assert_cmpstr (json_object_get_string_member (listed, "sha256_stored"), ==, a->sha256);
  g_assert_cmpstr (json_object_get_string_member (listed, "filename"), ==, "to-khai.pdf");

  mc_store_get_portal_limits (f->store, &max_attachment, &max_dossier);
  g_assert_cmpint (max_attachment, >, 0);
  g_assert_cmpint (max_dossier, >, 0);
}

/* A file altered on disk is never sent: the dossier is quarantined with a
 * clear reason; once the file is right again, the clerk's retry delivers it. */
static void
test_attachment_damaged (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(McAttachment) a = NULL;
  g_autoptr(McAttachment) a2 = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uploads = NULL;
  gsize len;

  if (!start_uploads_sim (f))
    return;

  entry = enqueue_with_file (f, 50000, "giay-khai-sinh.pdf");
  a = first_attachment (f, entry->id);
  g_assert_true (g_file_get_contents (a->path, &contents, &len, NULL));
  contents[100] ^= 0x20;
  g_assert_true (g_file_set_contents (a->path, contents, len, NULL));

  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 0);
  g_assert_no_error (error);
  after = get (f, entry->id);
  g_assert_cmpint (after->state, ==, MC_OUTBOX_REJECTED);
  g_assert_nonnull (strstr (after->last_error, "giay-khai-sinh.pdf"));
  g_assert_nonnull (strstr (after->last_error, "damaged"));
  a2 = first_attachment (f, entry->id);
  g_assert_cmpint (a2->state, ==, MC_ATTACHMENT_DAMAGED);

  /* Nothing of it reached the portal. */
  dossiers = sim_runner_dossiers (&f->sim);
  g_assert_cmpuint (json_array_get_length (dossiers), ==, 0);
  uploads = sim_runner_http (&f->sim, "GET", "/_sim/uploads", NULL, 200);
  g_assert_cmpstr (uploads, ==, "[]");

  /* Put right (e.g. restored from a backup), retried by the clerk. */
  contents[100] ^= 0x20;
  g_assert_true (g_file_set_contents (a->path, contents, len, NULL));
  g_assert_true (mc_store_retry_now (f->store, entry->id, &error));
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 1);
  g_assert_no_error (error);
  assert_delivered_once (f, entry->id);
}

/* Connections cut in the middle of chunks: resumed from the portal's offset
 * within the same attempt, each cut costing at most the chunk in flight. */
static void
test_upload_cut_resumed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McAttachment) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *faults = NULL;

  if (!start_uploads_sim (f))
    return;

  f->config->upload_chunk_bytes = 32 * 1024;
  entry = enqueue_with_file (f, 200 * 1024, "anh.pdf");
  sim_runner_add_fault (&f->sim, "drop_body,on=upload,count=2");
  g_assert_cmpuint (mc_sync_run_blocking (f->data_dir, f->config, FALSE, 0, &error), ==, 1);
  g_assert_no_error (error);
  assert_delivered_once (f, entry->id);
  a = first_attachment (f, entry->id);
  g_assert_cmpint (a->state, ==, MC_ATTACHMENT_UPLOADED);

  /* Both cuts happened (the fault is spent). */
  faults = sim_runner_http (&f->sim, "GET", "/_sim/faults", NULL, 200);
  g_assert_cmpstr (faults, ==, "[]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/motcua/sync/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("delivered-exactly-once", test_delivered_once);
  ADD ("portal-down-then-up", test_portal_down);
  ADD ("lost-reply-retried-same-key", test_lost_reply);
  ADD ("rejected-with-reason", test_rejected);
  ADD ("transient-backoff", test_transient);
  ADD ("blocking-offline", test_blocking_offline);
  ADD ("attachments-delivered", test_attachments_delivered);
  ADD ("attachment-damaged-quarantined", test_attachment_damaged);
  ADD ("upload-cut-resumed", test_upload_cut_resumed);

#undef ADD

  return g_test_run ();
}
