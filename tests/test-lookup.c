/* test-lookup.c: "Tra cứu hồ sơ": from a real outbox (SQLite file), from the
 * real portal simulator, and offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mc-lookup.h"
#include "mc-portal.h"
#include "mc-store.h"
#include "sim-runner.h"

#define PAYLOAD_OK \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
  "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\"," \
  "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}"

static void
test_parse_input (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "G01.99-261123-000042", "G01.99-261123-000042" },
    { "  g01.99-261123-000042 \n", "G01.99-261123-000042" },
    { "DEMO-261123-0001", "DEMO-261123-0001" },
    { "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=G01.99-261123-000042",
      "G01.99-261123-000042" },
    { "http://127.0.0.1:8080/api/v1/dossiers/G01.99-261123-000042", "G01.99-261123-000042" },
    { "", NULL },
    { "   ", NULL },
    { "mã hồ sơ", NULL },
    { "G01 99", NULL },
    { "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = mc_lookup_parse_input (cases[i].in);

      g_assert_cmpstr (code, ==, cases[i].out);
    }
}

static char *
make_store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kiosk", NULL);
}

static McOutboxEntry *
enqueue (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, &error);
  McOutboxEntry *entry;

  g_assert_no_error (error);
  entry = mc_store_enqueue (store, "TEST", "1.001193", PAYLOAD_OK, &error);
  g_assert_no_error (error);
  return entry;
}

static void
test_outbox_offline (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(McOutboxEntry) entry = enqueue (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(McLookupResult) result = NULL;
  g_autofree char *lower = g_ascii_strdown (entry->local_number, -1);

  /* Typed in lower case, no portal: the outbox answers. */
  result = mc_lookup (dir, NULL, "TEST", lower, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->source, ==, MC_LOOKUP_SOURCE_OUTBOX);
  g_assert_cmpstr (result->local_number, ==, entry->local_number);
  g_assert_cmpstr (result->state, ==, "queued");
  g_assert_nonnull (result->state_label);
  g_assert_cmpstr (result->procedure_code, ==, "1.001193");
  g_assert_null (result->dossier_code);
  g_assert_false (result->portal_unreachable);
  /* The entry a reprint is made from, without what the citizen filled in. */
  g_assert_nonnull (result->outbox_entry);
  g_assert_cmpstr (result->outbox_entry->local_number, ==, entry->local_number);
  g_assert_null (result->outbox_entry->payload);
}

static void
test_unknown_offline (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(McOutboxEntry) entry = enqueue (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(McLookupResult) result = NULL;
  /* Nothing listens there: a refused connection is "offline". */
  g_autofree char *dead = g_strdup_printf ("http://127.0.0.1:%u", sim_runner_free_port ());

  result = mc_lookup (dir, NULL, "TEST", "G01.99-261123-000042", NULL, &error);
  g_assert_error (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE);
  g_assert_null (result);
  g_clear_error (&error);

  result = mc_lookup (dir, dead, "TEST", "G01.99-261123-000042", NULL, &error);
  g_assert_error (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE);
  g_clear_error (&error);

  result = mc_lookup (dir, dead, "TEST", "khong phai ma", NULL, &error);
  g_assert_error (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_INVALID);
}

typedef struct {
  GMainLoop *loop;
  McLookupResult *result;
  GError *error;
} AsyncData;

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = mc_lookup_finish (res, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_portal (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McPortal) portal = NULL;
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(McReceipt) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McLookupResult) result = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *reply = NULL;
  AsyncData data = { 0, };
  SimRunner sim;

  if (!sim_runner_check ())
    return;
  sim_runner_init (&sim);
  sim_runner_start (&sim, 0);
  portal = mc_portal_new (sim.url, "TEST", 10);

  /* A dossier from this kiosk, delivered: the portal's newer state wins. */
  entry = enqueue (dir);
  receipt = mc_portal_submit (portal, entry->idempotency_key, entry->payload, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(McStore) store = mc_store_open (dir, &error);

    g_assert_no_error (error);
    mc_store_mark_delivered (store, entry->id, receipt->dossier_code, receipt->tracking_url, &error);
    g_assert_no_error (error);
  }
  status_path = g_strconcat ("/_sim/dossiers/", receipt->dossier_code, NULL);
  reply = sim_runner_http (&sim, "POST", status_path, "{\"status\": \"processing\"}", 200);

  result = mc_lookup (dir, sim.url, "TEST", entry->local_number, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->source, ==, MC_LOOKUP_SOURCE_PORTAL);
  g_assert_cmpstr (result->local_number, ==, entry->local_number);
  g_assert_cmpstr (result->dossier_code, ==, receipt->dossier_code);
  g_assert_cmpstr (result->state, ==, "processing");
  g_assert_nonnull (result->outbox_entry);
  g_assert_cmpstr (result->outbox_entry->dossier_code, ==, receipt->dossier_code);
  g_clear_pointer (&result, mc_lookup_result_free);

  /* A dossier from elsewhere (another kiosk's), by its receipt QR, async. */
  other = mc_portal_submit (portal, "7d1c0b7e-2a7e-4a53-9d47-5f3f3c1f0a01", PAYLOAD_OK, NULL, &error);
  g_assert_no_error (error);
  data.loop = g_main_loop_new (NULL, FALSE);
  {
    g_autofree char *qr = g_strconcat ("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=",
                                       other->dossier_code, NULL);

    mc_lookup_async (dir, sim.url, "TEST", qr, NULL, lookup_done_cb, &data);
  }
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpint (data.result->source, ==, MC_LOOKUP_SOURCE_PORTAL);
  g_assert_cmpstr (data.result->state, ==, "received");
  g_assert_null (data.result->local_number);
  g_assert_null (data.result->outbox_entry);
  g_clear_pointer (&data.result, mc_lookup_result_free);

  /* Unknown to both. */
  result = mc_lookup (dir, sim.url, "TEST", "G01.99-010101-999999", NULL, &error);
  g_assert_error (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The portal goes away: the outbox still answers, marked as not refreshed;
   * a code from elsewhere cannot be checked now. */
  sim_runner_stop (&sim, TRUE);
  result = mc_lookup (dir, sim.url, "TEST", receipt->dossier_code, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->source, ==, MC_LOOKUP_SOURCE_OUTBOX);
  g_assert_cmpstr (result->state, ==, "delivered");
  g_assert_true (result->portal_unreachable);
  g_clear_pointer (&result, mc_lookup_result_free);
  result = mc_lookup (dir, sim.url, "TEST", other->dossier_code, NULL, &error);
  g_assert_error (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE);

  g_main_loop_unref (data.loop);
  sim_runner_clear (&sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/lookup/parse-input", test_parse_input);
  g_test_add_func ("/motcua/lookup/outbox-offline", test_outbox_offline);
  g_test_add_func ("/motcua/lookup/unknown-offline", test_unknown_offline);
  g_test_add_func ("/motcua/lookup/portal", test_portal);

  return g_test_run ();
}
