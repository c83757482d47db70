/* test-bundle.c: export the waiting dossiers of kiosk A, import them into the
 * district's B, deliver from B and then from A against the real simulator:
 * one dossier per key at the portal. A changed byte anywhere is refused and
 * nothing is imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-bundle.h"
#include "mc-config.h"
#include "mc-store.h"
#include "mc-sync.h"
#include "sim-runner.h"

#define PAYLOAD_A \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
  "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"phone\":\"0912345678\"}," \
  "\"fields\":{},\"attachments\":[]}"
#define PAYLOAD_B \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Trần Thị Bình\"," \
  "\"id_number\":\"079185000123\",\"birth_date\":\"1985-01-02\",\"phone\":\"0987654321\"}," \
  "\"fields\":{},\"attachments\":[]}"

static char *
dir_for (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static McConfig *
config_for (const char *kiosk_id,
            const char *url)
{
  McConfig *config = mc_config_new_default ();

  g_free (config->kiosk_id);
  config->kiosk_id = g_strdup (kiosk_id);
  g_free (config->portal_url);
  config->portal_url = g_strdup (url != NULL ? url : "http://127.0.0.1:9");
  config->retry_initial_s = 1;
  config->retry_max_s = 2;
  config->request_timeout_s = 5;
  return config;
}

/* Kiosk A with two waiting dossiers (one with two attachments, one assisted),
 * one cancelled and one rejected (neither is exported). */
static McStore *
kiosk_a (gboolean with_files)
{
  g_autofree char *dir = dir_for ("kiosk-a");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 giấy khai sinh\n%%EOF\n", 33);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 JFIF ảnh CCCD \xff\xd9", 20);
  McStore *store = mc_store_open (dir, &error);
  McOutboxEntry *e;

  g_assert_no_error (error);

  if (with_files)
    {
      McAttachmentSpec *s = g_new0 (McAttachmentSpec, 1);

      *s = (McAttachmentSpec) { .bytes = pdf, .document = "Giấy khai sinh",
                                .filename = "khai-sinh.pdf", .content_type = "application/pdf" };
      g_ptr_array_add (specs, s);
      s = g_new0 (McAttachmentSpec, 1);
      *s = (McAttachmentSpec) { .bytes = jpeg, .document = "CCCD", .filename = "cccd.jpg",
                                .content_type = "image/jpeg" };
      g_ptr_array_add (specs, s);
    }

  e = mc_store_enqueue_full (store, "KA", "1.001193", PAYLOAD_A, specs, MC_ENQUEUE_NONE, &error);
  g_assert_no_error (error);
  mc_outbox_entry_free (e);
  e = mc_store_enqueue_full (store, "KA", "1.001193", PAYLOAD_B, NULL, MC_ENQUEUE_ASSISTED,
                             &error);
  g_assert_no_error (error);
  mc_outbox_entry_free (e);

  e = mc_store_enqueue (store, "KA", "1.001193", PAYLOAD_A, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_cancel (store, e->id, "duplicate", &error));
  g_assert_no_error (error);
  mc_outbox_entry_free (e);
  e = mc_store_enqueue (store, "KA", "1.001193", PAYLOAD_B, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_mark_rejected (store, e->id, "refused", &error));
  g_assert_no_error (error);
  mc_outbox_entry_free (e);

  return store;
}

static char *
export_a (McStore *a)
{
  g_autofree char *usb = dir_for ("usb");
  g_autoptr(GError) error = NULL;
  char *bundle;
  guint count = 0;

  g_assert_no_errno (g_mkdir_with_parents (usb, 0700));
  bundle = mc_bundle_export (a, "KA", usb, &count, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bundle);
  g_assert_cmpuint (count, ==, 2);
  return bundle;
}

static void
test_round_trip (void)
{
  SimRunner sim;
  g_autoptr(McStore) a = NULL;
  g_autoptr(McStore) b = NULL;
  g_autoptr(McConfig) config_a = NULL;
  g_autoptr(McConfig) config_b = NULL;
  g_autoptr(GPtrArray) list_a = NULL;
  g_autoptr(GPtrArray) list_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *dir_a = dir_for ("kiosk-a");
  g_autofree char *dir_b = dir_for ("district");
  guint imported = 0, skipped = 0, n;
  gboolean uploads;

  if (!sim_runner_check ())
    return;
  sim_runner_init (&sim);
  sim_runner_start (&sim, 0);
  uploads = sim_runner_supports_uploads (&sim);

  a = kiosk_a (uploads);
  bundle = export_a (a);

  /* The exported ones stay queued on A, marked. */
  list_a = mc_store_list (a, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      McOutboxEntry *e = g_ptr_array_index (list_a, i);

      g_assert_cmpint (e->state, ==, MC_OUTBOX_QUEUED);
      g_assert_cmpint (e->exported_at, >, 0);
    }
  g_assert_cmpint (((McOutboxEntry *) list_a->pdata[2])->exported_at, ==, 0);
  g_assert_cmpint (((McOutboxEntry *) list_a->pdata[3])->exported_at, ==, 0);

  g_assert_true (mc_bundle_verify (bundle, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  b = mc_store_open (dir_b, &error);
  g_assert_no_error (error);
  g_assert_true (mc_bundle_import (b, bundle, &imported, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported, ==, 2);
  g_assert_cmpuint (skipped, ==, 0);

  /* Twice is harmless. */
  g_assert_true (mc_bundle_import (b, bundle, &imported, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported, ==, 0);
  g_assert_cmpuint (skipped, ==, 2);

  list_b = mc_store_list (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list_b->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      McOutboxEntry *ea = g_ptr_array_index (list_a, i);
      McOutboxEntry *eb = g_ptr_array_index (list_b, i);
      g_autoptr(GPtrArray) atts_a = mc_store_list_attachments (a, ea->id, NULL);
      g_autoptr(GPtrArray) atts_b = mc_store_list_attachments (b, eb->id, NULL);

      g_assert_cmpstr (ea->idempotency_key, ==, eb->idempotency_key);
      g_assert_cmpstr (ea->local_number, ==, eb->local_number);
      g_assert_cmpstr (ea->payload, ==, eb->payload);
      g_assert_cmpint (ea->created_at, ==, eb->created_at);
      g_assert_cmpint (ea->assisted, ==, eb->assisted);
      g_assert_cmpint (eb->state, ==, MC_OUTBOX_QUEUED);
      g_assert_cmpuint (atts_a->len, ==, atts_b->len);
      for (guint j = 0; j < atts_b->len; j++)
        {
          McAttachment *x = g_ptr_array_index (atts_a, j);
          McAttachment *y = g_ptr_array_index (atts_b, j);

          g_assert_cmpstr (x->client_key, ==, y->client_key);
          g_assert_cmpstr (x->sha256, ==, y->sha256);
          g_assert_true (mc_store_verify_attachment (b, y, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (((McOutboxEntry *) list_b->pdata[1])->assisted);

  /* The district delivers them... */
  config_b = config_for ("DISTRICT", sim.url);
  g_assert_cmpuint (mc_sync_run_blocking (dir_b, config_b, TRUE, 60, &error), ==, 2);
  g_assert_no_error (error);

  /* ...and when kiosk A's link comes back, it sends them too: the portal
   * replays the receipts. */
  config_a = config_for ("KA", sim.url);
  g_assert_cmpuint (mc_sync_run_blocking (dir_a, config_a, TRUE, 60, &error), ==, 2);
  g_assert_no_error (error);

  dossiers = sim_runner_dossiers (&sim);
  g_assert_cmpuint (json_array_get_length (dossiers), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      McOutboxEntry *ea = g_ptr_array_index (list_a, i);
      g_autoptr(McOutboxEntry) da = mc_store_get (a, ea->id, &error);
      g_autoptr(McOutboxEntry) db = mc_store_find_by_number (b, ea->local_number, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (sim_runner_count_key (dossiers, ea->idempotency_key, NULL), ==, 1);
      g_assert_cmpint (da->state, ==, MC_OUTBOX_DELIVERED);
      g_assert_cmpint (db->state, ==, MC_OUTBOX_DELIVERED);
      g_assert_cmpstr (da->dossier_code, ==, db->dossier_code);
    }

  sim_runner_clear (&sim);
}

static void
flip_byte (const char *path,
           gsize       offset)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpuint (offset, <, len);
  contents[offset] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  g_assert_no_error (error);
}

static void
assert_refused (const char *bundle,
                int         code,
                const char *names)
{
  g_autofree char *dir_b = dir_for ("district");
  g_autoptr(McStore) b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint imported = 99;

  b = mc_store_open (dir_b, &error);
  g_assert_no_error (error);
  g_assert_false (mc_bundle_import (b, bundle, &imported, NULL, &error));
  g_assert_error (error, MC_BUNDLE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  if (names != NULL && strstr (error->message, names) == NULL)
    g_error ("“%s” does not name %s", error->message, names);

  list = mc_store_list (b, NULL);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_tampering (void)
{
  g_autoptr(McStore) a = kiosk_a (TRUE);
  g_autofree char *bundle = export_a (a);
  g_autofree char *manifest = g_build_filename (bundle, MC_BUNDLE_MANIFEST, NULL);
  g_autofree char *sum = g_build_filename (bundle, MC_BUNDLE_MANIFEST_SHA256, NULL);
  g_autoptr(GPtrArray) list = mc_store_list (a, NULL);
  McOutboxEntry *first = g_ptr_array_index (list, 0);
  g_autoptr(GPtrArray) atts = mc_store_list_attachments (a, first->id, NULL);
  McAttachment *att = g_ptr_array_index (atts, 1);
  g_autofree char *relative = g_build_filename ("files", first->idempotency_key, att->client_key,
                                                NULL);
  g_autofree char *file = g_build_filename (bundle, relative, NULL);
  g_autofree char *manifest_text = NULL;
  g_autoptr(GError) error = NULL;

  /* A byte of an attachment. */
  flip_byte (file, 5);
  assert_refused (bundle, MC_BUNDLE_ERROR_TAMPERED, relative);
  flip_byte (file, 5);

  /* A missing attachment. */
  {
    g_autofree char *moved = g_strconcat (file, ".away", NULL);

    g_assert_no_errno (g_rename (file, moved));
    assert_refused (bundle, MC_BUNDLE_ERROR_TAMPERED, relative);
    g_assert_no_errno (g_rename (moved, file));
  }

  /* A byte of the manifest (inside the payload: a citizen's number). */
  g_assert_true (g_file_get_contents (manifest, &manifest_text, NULL, NULL));
  flip_byte (manifest, strstr (manifest_text, "001090012345") - manifest_text + 3);
  assert_refused (bundle, MC_BUNDLE_ERROR_TAMPERED, MC_BUNDLE_MANIFEST);
  flip_byte (manifest, strstr (manifest_text, "001090012345") - manifest_text + 3);

  /* The checksum itself. */
  flip_byte (sum, 0);
  assert_refused (bundle, MC_BUNDLE_ERROR_TAMPERED, MC_BUNDLE_MANIFEST);
  flip_byte (sum, 0);

  /* A manifest rewritten with its checksum, pointing outside the bundle. */
  {
    g_autofree char *evil = NULL;
    g_autofree char *evil_sum = NULL;
    g_autofree char *line = NULL;
    g_autoptr(GString) s = g_string_new (manifest_text);

    g_string_replace (s, relative, "../../etc/passwd", 1);
    evil = g_strdup (s->str);
    g_assert_true (g_file_set_contents (manifest, evil, -1, &error));
    evil_sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, evil, -1);
    line = g_strdup_printf ("%s  manifest.json\n", evil_sum);
    g_assert_true (g_file_set_contents (sum, line, -1, &error));
    assert_refused (bundle, MC_BUNDLE_ERROR_INVALID, NULL);
  }

  /* No checksum file: an unfinished export. */
  g_assert_no_errno (g_unlink (sum));
  assert_refused (bundle, MC_BUNDLE_ERROR_INVALID, NULL);
}

static void
test_nothing_to_export (void)
{
  g_autofree char *dir = dir_for ("empty");
  g_autofree char *usb = dir_for ("usb-empty");
  g_autoptr(McStore) store = mc_store_open (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;

  g_assert_no_errno (g_mkdir_with_parents (usb, 0700));
  bundle = mc_bundle_export (store, "KA", usb, NULL, &error);
  g_assert_null (bundle);
  g_assert_error (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_EMPTY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/bundle/round-trip", test_round_trip);
  g_test_add_func ("/motcua/bundle/tampering", test_tampering);
  g_test_add_func ("/motcua/bundle/nothing-to-export", test_nothing_to_export);

  return g_test_run ();
}
