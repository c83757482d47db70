/* test-clerk.c: the outbox's clerk actions: cancel with a reason, the
 * plain-words explanations, the retention purge of personal data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-store.h"
#include "mc-store-private.h"

#define PAYLOAD "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
                "\"id_number\":\"001090012345\",\"phone\":\"0912345678\"},\"fields\":{\"x\":\"y\"}}"

static McStore *
open_store (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, &error);

  g_assert_no_error (error);
  return store;
}

static McOutboxEntry *
enqueue (McStore *store)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *e = mc_store_enqueue (store, "TEST", "1.001193", PAYLOAD, &error);

  g_assert_no_error (error);
  return e;
}

static void
test_cancel (void)
{
  g_autoptr(McStore) store = open_store ();
  g_autoptr(McOutboxEntry) queued = enqueue (store);
  g_autoptr(McOutboxEntry) sending = enqueue (store);
  g_autoptr(McOutboxEntry) delivered = enqueue (store);
  g_autoptr(McOutboxEntry) rejected = enqueue (store);
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;

  g_assert_true (mc_store_mark_sending (store, sending->id, NULL));
  g_assert_true (mc_store_mark_delivered (store, delivered->id, "G1", NULL, NULL));
  g_assert_true (mc_store_mark_rejected (store, rejected->id, "no", NULL));
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 2);

  g_assert_true (mc_store_cancel (store, queued->id, "The citizen withdrew it", &error));
  g_assert_no_error (error);
  after = mc_store_get (store, queued->id, &error);
  g_assert_cmpint (after->state, ==, MC_OUTBOX_REJECTED);
  g_assert_cmpint (after->cancelled_at, >, 0);
  g_assert_cmpstr (after->cancel_reason, ==, "The citizen withdrew it");
  why = mc_outbox_entry_explain (after, NULL);
  g_assert_nonnull (strstr (why, "The citizen withdrew it"));

  /* Never sent again: not waiting, not due, not retried. */
  g_assert_cmpuint (mc_store_count_waiting (store), ==, 1);
  {
    g_autoptr(McOutboxEntry) due = mc_store_next_due (store, G_MAXINT64 / 2, &error);

    g_assert_no_error (error);
    g_assert_nonnull (due);
    g_assert_cmpint (due->id, ==, sending->id);
  }
  g_assert_false (mc_store_retry_now (store, queued->id, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mc_store_cancel (store, queued->id, "again", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Being sent, or delivered: too late. A quarantined one can be cancelled. */
  g_assert_false (mc_store_cancel (store, sending->id, "x", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (mc_store_cancel (store, delivered->id, "x", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (mc_store_cancel (store, rejected->id, "duplicate", &error));
  g_assert_no_error (error);

  /* The sync worker cannot revive it either. */
  g_assert_false (mc_store_mark_sending (store, queued->id, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
}

static void
test_explain (void)
{
  static const struct {
    const char *reason;
    const char *expected;
  } cases[] = {
    { "The portal refused the dossier: invalid (field applicant.id_number)", "CCCD number" },
    { "Cổng dịch vụ công từ chối hồ sơ: sai (trường applicant.id_number)", "CCCD number" },
    { "The portal refused the dossier: bad (field applicant.full_name)", "citizen’s name" },
    { "The portal refused the dossier: bad (field applicant.birth_date)", "date of birth" },
    { "The portal refused the dossier: bad (field applicant.phone)", "phone number" },
    { "The portal refused the dossier: unknown (field procedure_code)", "does not offer" },
    { "The portal refused the dossier: bad (field attachments[0])", "attached documents" },
    { "The portal refused the dossier: too large", "refused this dossier for good: The portal" },
  };
  g_autoptr(McStore) store = open_store ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McOutboxEntry) e = enqueue (store);
      g_autoptr(McOutboxEntry) after = NULL;
      g_autofree char *why = NULL;

      g_assert_true (mc_store_mark_rejected (store, e->id, cases[i].reason, NULL));
      after = mc_store_get (store, e->id, NULL);
      why = mc_outbox_entry_explain (after, NULL);
      g_test_message ("%s → %s", cases[i].reason, why);
      g_assert_nonnull (strstr (why, cases[i].expected));
    }

  /* Waiting without trouble: nothing to explain; after a failed attempt: say so. */
  {
    g_autoptr(McOutboxEntry) e = enqueue (store);
    g_autoptr(McOutboxEntry) after = NULL;
    g_autofree char *why = NULL;

    g_assert_null (mc_outbox_entry_explain (e, NULL));
    g_assert_true (mc_store_mark_retry (store, e->id, 0, "HTTP 503", NULL));
    after = mc_store_get (store, e->id, NULL);
    why = mc_outbox_entry_explain (after, NULL);
    g_assert_nonnull (strstr (why, "tries again by itself"));
  }
}

static void
test_purge (void)
{
  g_autoptr(McStore) store = open_store ();
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4 test", 13);
  g_autoptr(McOutboxEntry) old = NULL;
  g_autoptr(McOutboxEntry) young = enqueue (store);
  g_autoptr(McOutboxEntry) waiting = enqueue (store);
  g_autoptr(McOutboxEntry) after = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry_dir = NULL;
  McAttachmentSpec *spec = g_new0 (McAttachmentSpec, 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  *spec = (McAttachmentSpec) { .bytes = bytes, .document = "CCCD",
                               .filename = "Nguyen-Van-An.pdf", .content_type = "application/pdf" };
  g_ptr_array_add (specs, spec);
  old = mc_store_enqueue_with_attachments (store, "TEST", "1.001193", PAYLOAD, specs, &error);
  g_assert_no_error (error);
  attachments = mc_store_list_attachments (store, old->id, NULL);
  entry_dir = g_path_get_dirname (((McAttachment *) attachments->pdata[0])->path);
  g_assert_true (g_file_test (entry_dir, G_FILE_TEST_IS_DIR));

  g_assert_true (mc_store_mark_delivered (store, old->id, "G-OLD", "https://t/G-OLD", NULL));
  g_assert_true (_mc_store_set_times (store, old->id, now - 10 * 86400, now - 8 * 86400, NULL));
  g_assert_true (mc_store_mark_delivered (store, young->id, "G-YOUNG", NULL, NULL));
  g_assert_true (_mc_store_set_times (store, young->id, now - 86400, now - 3600, NULL));

  /* Retention 7 days: only the old one. */
  g_assert_cmpint (mc_store_purge (store, now - 7 * 86400, &error), ==, 1);
  g_assert_no_error (error);
  after = mc_store_get (store, old->id, NULL);
  g_assert_cmpint (after->purged_at, >, 0);
  g_assert_null (strstr (after->payload, "applicant"));
  g_assert_null (strstr (after->payload, "Nguyễn"));
  g_assert_null (strstr (after->payload, "001090012345"));
  g_assert_null (strstr (after->payload, "\"fields\""));
  g_assert_null (strstr (after->payload, "Nguyen-Van-An"));
  g_assert_nonnull (strstr (after->payload, "\"procedure_code\""));
  g_assert_nonnull (strstr (after->payload, "\"client\""));
  /* The receipt and the figures stay. */
  g_assert_cmpstr (after->dossier_code, ==, "G-OLD");
  g_assert_cmpstr (after->tracking_url, ==, "https://t/G-OLD");
  g_assert_cmpint (after->state, ==, MC_OUTBOX_DELIVERED);
  g_assert_cmpint (after->created_at, ==, now - 10 * 86400);
  g_assert_false (g_file_test (entry_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&attachments, g_ptr_array_unref);
  attachments = mc_store_list_attachments (store, old->id, NULL);
  g_assert_cmpstr (((McAttachment *) attachments->pdata[0])->filename, ==, "");

  /* Idempotent; retention 0 takes the young one; a waiting one is never touched. */
  g_assert_cmpint (mc_store_purge (store, now - 7 * 86400, &error), ==, 0);
  g_assert_cmpint (mc_store_purge (store, now, &error), ==, 1);
  g_clear_pointer (&after, mc_outbox_entry_free);
  after = mc_store_get (store, waiting->id, NULL);
  g_assert_cmpint (after->purged_at, ==, 0);
  g_assert_nonnull (strstr (after->payload, "001090012345"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/clerk/cancel", test_cancel);
  g_test_add_func ("/motcua/clerk/explain", test_explain);
  g_test_add_func ("/motcua/clerk/purge", test_purge);

  return g_test_run ();
}
