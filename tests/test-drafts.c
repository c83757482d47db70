/* test-drafts.c: drafts in a real SQLite store (schema 4): saved at every
 * answer, found again after a "power cut" (the store closed and reopened),
 * deleted when finalized, stale ones removed; the dossier's draft JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-dossier.h"
#include "mc-store.h"

/* Under the isolated cache dir, which GLib removes after the test. */
static char *
make_tmp (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "tmp-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static void
test_dossier_roundtrip (void)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ("1.001193");
  g_autoptr(McDossier) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  mc_dossier_set (dossier, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn An");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_ID_NUMBER, "0010900");  /* half typed */
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_SEX, "male");
  json = mc_dossier_to_draft_json (dossier);
  g_assert_nonnull (strstr (json, "\"full_name\":\"Nguyễn Văn An\""));

  back = mc_dossier_new_from_draft ("1.001193", json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get (back, MC_DOSSIER_FIELD_FULL_NAME), ==, "Nguyễn Văn An");
  g_assert_cmpstr (mc_dossier_get (back, MC_DOSSIER_FIELD_ID_NUMBER), ==, "0010900");
  g_assert_cmpstr (mc_dossier_get (back, MC_DOSSIER_FIELD_SEX), ==, "male");
  again = mc_dossier_to_draft_json (back);
  g_assert_cmpstr (again, ==, json);

  g_assert_null (mc_dossier_new_from_draft ("1.001193", "[1, 2]", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (mc_dossier_new_from_draft ("1.001193", "{", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Unknown members and wrong types are ignored. */
  g_clear_pointer (&back, mc_dossier_free);
  back = mc_dossier_new_from_draft ("1.001193", "{\"phone\": 5, \"x\": \"y\", \"sex\": \"female\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get (back, MC_DOSSIER_FIELD_SEX), ==, "female");
}

static void
test_store_drafts (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *procedure = NULL;
  g_autofree char *fields = NULL;
  McStore *store;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_null (mc_store_find_draft (store, 0, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mc_store_save_draft (store, "s-1", "1.001193", "{\"full_name\":\"An\"}", &error));
  g_assert_true (mc_store_save_draft (store, "s-1", "1.001193", "{\"full_name\":\"An B\"}", &error));
  g_assert_no_error (error);
  mc_store_close (store);

  /* The power comes back: the draft is there. */
  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  fields = mc_store_find_draft (store, 0, &session, &procedure, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fields, ==, "{\"full_name\":\"An B\"}");
  g_assert_cmpstr (session, ==, "s-1");
  g_assert_cmpstr (procedure, ==, "1.001193");

  /* Too old for the window asked about. */
  g_clear_pointer (&fields, g_free);
  fields = mc_store_find_draft (store, g_get_real_time () / G_USEC_PER_SEC + 60, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (fields);

  /* Finalized: gone. */
  g_assert_true (mc_store_delete_draft (store, "s-1", &error));
  g_assert_no_error (error);
  g_assert_null (mc_store_find_draft (store, 0, NULL, NULL, &error));

  /* Stale drafts at start. */
  g_assert_true (mc_store_save_draft (store, "s-2", "1.001193", "{}", &error));
  g_assert_cmpint (mc_store_delete_drafts_before (store, 0, &error), ==, 0);
  g_assert_cmpint (mc_store_delete_drafts_before (store, G_MAXINT64, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_null (mc_store_find_draft (store, 0, NULL, NULL, &error));

  mc_store_close (store);
}

static void
test_address (void)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ("1.001193");
  g_autoptr(McDossier) back = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *draft = NULL;
  JsonObject *address;

  mc_dossier_set (dossier, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn An");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_BIRTH_DATE, "17/05/1990");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_SEX, "male");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_PHONE, "0912345678");

  /* No address: no member. */
  json = mc_dossier_to_json (dossier);
  g_assert_null (strstr (json, "\"address\""));
  g_clear_pointer (&json, g_free);

  mc_dossier_set_address (dossier, "  Số 1 phố Tràng Tiền ", 70, "Phường Hoàn Kiếm",
                          1, "Thành phố Hà Nội");
  json = mc_dossier_to_json (dossier);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  address = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "applicant"),
    "address");
  g_assert_nonnull (address);
  g_assert_cmpstr (json_object_get_string_member (address, "street"), ==, "Số 1 phố Tràng Tiền");
  g_assert_cmpint (json_object_get_int_member (address, "commune_code"), ==, 70);
  g_assert_cmpstr (json_object_get_string_member (address, "commune"), ==, "Phường Hoàn Kiếm");
  g_assert_cmpint (json_object_get_int_member (address, "province_code"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (address, "province"), ==, "Thành phố Hà Nội");

  /* Into a draft and back. */
  draft = mc_dossier_to_draft_json (dossier);
  back = mc_dossier_new_from_draft ("1.001193", draft, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_address (back)->commune_code, ==, 70);
  g_assert_cmpuint (mc_dossier_get_address (back)->province_code, ==, 1);
  g_assert_cmpstr (mc_dossier_get_address (back)->commune, ==, "Phường Hoàn Kiếm");
  g_assert_cmpstr (mc_dossier_get_address (back)->street, ==, "  Số 1 phố Tràng Tiền ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/drafts/dossier-roundtrip", test_dossier_roundtrip);
  g_test_add_func ("/motcua/drafts/store", test_store_drafts);
  g_test_add_func ("/motcua/drafts/address", test_address);

  return g_test_run ();
}
