/* test-catalogue.c: the shipped catalogue loads, and search finds what people type.
 *
 * Runs against the real data/catalogue.json.gz (MOTCUA_DATA_DIR, set by meson).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-catalogue.h"

static McCatalogue *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  McCatalogue *catalogue = mc_catalogue_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  return catalogue;
}

static const char *
first_code (GPtrArray *results)
{
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, >, 0);
  return mc_procedure_get_code (g_ptr_array_index (results, 0));
}

static gboolean
contains_code (GPtrArray  *results,
               const char *code)
{
  for (guint i = 0; i < results->len; i++)
    if (g_strcmp0 (mc_procedure_get_code (g_ptr_array_index (results, i)), code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_load_default (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  GListModel *model = mc_catalogue_get_model (catalogue);
  guint n = mc_catalogue_get_n_procedures (catalogue);

  /* Every procedure of the data: 2,642 portal pages + 207 structured records. */
  g_assert_cmpuint (n, >=, 2800);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_true (g_list_model_get_item_type (model) == MC_TYPE_PROCEDURE);

  /* Every procedure has a name and can be looked up by code; the ones a commune
   * counter takes are commune level. (Before issue 5 the catalogue held only
   * the 51 curated commune procedures, and every one was checked to be "Cấp xã".) */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (model, i);
      const char *code = mc_procedure_get_code (procedure);

      g_assert_nonnull (code);
      g_assert_nonnull (mc_procedure_get_name (procedure));
      g_assert_true (g_utf8_validate (mc_procedure_get_name (procedure), -1, NULL));
      if (mc_procedure_is_commune_counter (procedure))
        g_assert_true (mc_procedure_get_levels (procedure) & MC_PROCEDURE_LEVEL_COMMUNE);
      if (mc_procedure_is_curated (procedure))
        {
          g_assert_nonnull (strstr (mc_procedure_get_level (procedure), "Cấp xã"));
          g_assert_true (mc_procedure_is_commune_counter (procedure));
        }
      g_assert_true (mc_catalogue_lookup (catalogue, code) == procedure);
    }

  /* The three every commune counter must have. */
  g_assert_nonnull (mc_catalogue_lookup (catalogue, "1.001193"));
  g_assert_nonnull (mc_catalogue_lookup (catalogue, "1.004222"));
  g_assert_nonnull (mc_catalogue_lookup (catalogue, "2.000815"));
  g_assert_null (mc_catalogue_lookup (catalogue, "9.999999"));
  g_assert_null (mc_catalogue_lookup (catalogue, ""));
}

static void
test_birth_registration (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  McProcedure *procedure = mc_catalogue_lookup (catalogue, "1.001193");
  GPtrArray *documents;
  gboolean has_declaration = FALSE;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *field = NULL;

  g_assert_nonnull (procedure);
  g_assert_cmpstr (mc_procedure_get_name (procedure), ==, "Thủ tục đăng ký khai sinh");
  g_assert_cmpstr (mc_procedure_get_field (procedure), ==, "Hộ tịch");
  g_assert_cmpstr (mc_procedure_get_level (procedure), ==, "Cấp xã");
  g_assert_cmpstr (mc_procedure_get_fee (procedure), ==, "Miễn phí");
  g_assert_cmpstr (mc_procedure_get_result (procedure), ==, "Giấy khai sinh");
  g_assert_cmpuint (mc_procedure_get_popularity (procedure), ==, 1);

  documents = mc_procedure_get_documents (procedure);
  g_assert_cmpuint (documents->len, >=, 1);
  for (guint i = 0; i < documents->len; i++)
    {
      McRequiredDocument *doc = g_ptr_array_index (documents, i);

      g_assert_nonnull (doc->name);
      g_assert_cmpstr (doc->name, !=, "");
      if (g_str_has_prefix (doc->name, "Giấy chứng sinh"))
        g_assert_cmpstr (doc->group, ==, "Giấy tờ phải nộp");
      if (g_str_has_prefix (doc->name, "Tờ khai đăng ký khai sinh"))
        {
          has_declaration = TRUE;
          g_assert_cmpstr (doc->quantity, ==, "1 bản chính");
        }
    }
  g_assert_true (has_declaration);

  /* The properties the UI binds with GtkExpression. */
  g_object_get (procedure, "code", &code, "name", &name, "field", &field, NULL);
  g_assert_cmpstr (code, ==, "1.001193");
  g_assert_cmpstr (name, ==, "Thủ tục đăng ký khai sinh");
  g_assert_cmpstr (field, ==, "Hộ tịch");
}

static void
test_fees_and_forms (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  McProcedure *residence = mc_catalogue_lookup (catalogue, "1.004222");
  McProcedure *copy = mc_catalogue_lookup (catalogue, "2.000815");
  McProcedure *id_card = mc_catalogue_lookup (catalogue, "1.014061");
  GPtrArray *documents;
  gboolean has_form = FALSE;

  g_assert_cmpstr (mc_procedure_get_fee (residence), ==,
                   "10.000 đồng (trực tuyến), 20.000 đồng (trực tiếp)");
  g_assert_cmpstr (mc_procedure_get_duration (residence), ==, "7 ngày làm việc");
  g_assert_cmpstr (mc_procedure_get_agency (residence), ==, "Công an cấp Xã");
  /* The mission-abroad fee in USD is not what a commune charges. */
  g_assert_cmpstr (mc_procedure_get_fee (copy), ==, "2.000 đồng/trang");
  /* The source gives no fee and no unit-less guess is made. */
  g_assert_null (mc_procedure_get_fee (id_card));

  documents = mc_procedure_get_documents (id_card);
  for (guint i = 0; i < documents->len; i++)
    {
      McRequiredDocument *doc = g_ptr_array_index (documents, i);

      if (doc->form != NULL && g_str_has_suffix (doc->form, ".docx"))
        has_form = TRUE;
    }
  g_assert_true (has_form);
}

typedef struct {
  const char *query;
  const char *expected_first;
} SearchCase;

static void
test_search_first (void)
{
  static const SearchCase cases[] = {
    { "khai sinh", "1.001193" },
    { "Khai sinh", "1.001193" },
    { "dang ky khai sinh", "1.001193" },
    { "đăng ký khai sinh", "1.001193" },
    { "  DANG   KY, khai-sinh ", "1.001193" },
    { "khai si", "1.001193" },             /* still typing */
    { "THUONG TRU", "1.004222" },
    { "thường trú", "1.004222" },
    { "chung thuc ban sao", "2.000815" },
    { "chứng thực chữ ký", "2.000884" },
    { "ket hon", "1.000894" },
    { "khai tu", "1.000656" },
    { "tam tru", "1.004194" },
    { "tinh trang hon nhan", "1.004873" },
    { "1.001193", "1.001193" },            /* by code */
    { "001193", "1.001193" },
    { "2.000815", "2.000815" },
    { "ho kinh doanh", "1.001266" },       /* no popular one: by name */
  };

  g_autoptr(McCatalogue) catalogue = load_default ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, cases[i].query, 0);

      g_test_message ("query “%s”", cases[i].query);
      g_assert_cmpstr (first_code (results), ==, cases[i].expected_first);
    }
}

static void
test_search_nfd_query (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  g_autofree char *nfd = g_utf8_normalize ("Đăng ký thường trú", -1, G_NORMALIZE_NFD);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) results_nfc = NULL;

  g_assert_cmpstr (nfd, !=, "Đăng ký thường trú");
  results = mc_catalogue_search (catalogue, nfd, 0);
  results_nfc = mc_catalogue_search (catalogue, "Đăng ký thường trú", 0);
  g_assert_cmpstr (first_code (results), ==, "1.004222");
  g_assert_cmpuint (results->len, ==, results_nfc->len);
  for (guint i = 0; i < results->len; i++)
    g_assert_true (g_ptr_array_index (results, i) == g_ptr_array_index (results_nfc, i));
}

static void
test_search_every_word (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  g_autoptr(GPtrArray) khai_sinh = mc_catalogue_search (catalogue, "khai sinh", 0);
  g_autoptr(GPtrArray) lai_khai_sinh = mc_catalogue_search (catalogue, "lai khai sinh", 0);
  g_autoptr(GPtrArray) by_field = mc_catalogue_search (catalogue, "ho tich", 0);
  g_autoptr(GPtrArray) mid_word = mc_catalogue_search (catalogue, "hai sinh", 0);
  g_autoptr(GPtrArray) nothing = mc_catalogue_search (catalogue, "khai sinh xyzzy", 0);
  g_autoptr(GPtrArray) limited = mc_catalogue_search (catalogue, "khai sinh", 2);

  g_assert_cmpuint (khai_sinh->len, >=, 4);
  g_assert_true (contains_code (khai_sinh, "1.004884"));   /* đăng ký lại khai sinh */
  g_assert_false (contains_code (khai_sinh, "1.004222"));

  /* Every word must match: "lại" narrows to the re-registration. */
  g_assert_cmpstr (first_code (lai_khai_sinh), ==, "1.004884");
  g_assert_false (contains_code (lai_khai_sinh, "1.001193"));

  /* The field matches too, after the names that match. */
  g_assert_true (contains_code (by_field, "1.000894"));   /* kết hôn, field Hộ tịch */

  /* Words match as prefixes only: "hai" is not inside "khai" (with the full
   * catalogue, "hai sinh" does find names with "hải" and "sinh"). */
  g_assert_false (contains_code (mid_word, "1.001193"));
  g_assert_false (contains_code (mid_word, "1.004884"));
  /* Nothing has every word: the procedures with most of them (two of three),
   * ranked as usual (before issue 5 this returned nothing). */
  g_assert_cmpstr (first_code (nothing), ==, "1.001193");

  g_assert_cmpuint (limited->len, ==, 2);
  g_assert_true (g_ptr_array_index (limited, 0) == g_ptr_array_index (khai_sinh, 0));
  g_assert_true (g_ptr_array_index (limited, 1) == g_ptr_array_index (khai_sinh, 1));
}

static void
test_search_ranking (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, "ho tich", 0);
  gboolean seen_field_only = FALSE;

  /* Names with "hộ tịch" come before procedures that only have the field. */
  for (guint i = 0; i < results->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (results, i);
      gboolean in_name = strstr (mc_procedure_get_name (procedure), "hộ tịch") != NULL;

      if (!in_name)
        seen_field_only = TRUE;
      else
        g_assert_false (seen_field_only);
    }
  g_assert_true (seen_field_only);
}

static void
test_search_empty (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  const char *queries[] = { "", " ", "  ,.- ", "\xc2\xa0" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, queries[i], 0);

      g_assert_nonnull (results);
      g_assert_cmpuint (results->len, ==, 0);
    }
}

static void
test_popular (void)
{
  g_autoptr(McCatalogue) catalogue = load_default ();
  g_autoptr(GPtrArray) top3 = mc_catalogue_get_popular (catalogue, 3);
  g_autoptr(GPtrArray) all = mc_catalogue_get_popular (catalogue, 1000);

  g_assert_cmpuint (top3->len, ==, 3);
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (top3, 0)), ==, "1.001193");
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (top3, 1)), ==, "1.004222");
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (top3, 2)), ==, "2.000815");

  /* Only ranked procedures, strictly in rank order. */
  g_assert_cmpuint (all->len, >=, 3);
  g_assert_cmpuint (all->len, <, mc_catalogue_get_n_procedures (catalogue));
  for (guint i = 0; i < all->len; i++)
    {
      guint rank = mc_procedure_get_popularity (g_ptr_array_index (all, i));

      g_assert_cmpuint (rank, >, 0);
      if (i > 0)
        g_assert_cmpuint (rank, >, mc_procedure_get_popularity (g_ptr_array_index (all, i - 1)));
    }
}

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), "catalogue-test.json", NULL);

  g_assert_no_error (error);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_parse_error (const char *contents)
{
  g_autofree char *path = write_temp (contents);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_from_file (path, &error);

  g_test_message ("contents: %s", contents);
  g_assert_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE);
  g_assert_null (catalogue);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_corrupt (void)
{
  /* Not JSON at all, and a truncated catalogue. */
  assert_parse_error ("this is not json");
  assert_parse_error ("{\"version\": \"1\", \"procedures\": [{\"code\": \"1.001193\", \"na");
  /* JSON, but not a catalogue. */
  assert_parse_error ("[1, 2, 3]");
  assert_parse_error ("{\"version\": \"1\"}");
  assert_parse_error ("{\"procedures\": []}");
  assert_parse_error ("{\"procedures\": [{\"name\": \"Không mã\"}]}");
  assert_parse_error ("{\"procedures\": [{\"code\": \"1\", \"name\": 42}]}");
  assert_parse_error ("{\"procedures\": [{\"code\": \"1\", \"name\": \"A\", \"popularity\": \"high\"}]}");
  assert_parse_error ("{\"procedures\": [{\"code\": \"1\", \"name\": \"A\", \"documents\": [{}]}]}");
  assert_parse_error ("{\"procedures\": [{\"code\": \"1\", \"name\": \"A\"},"
                      " {\"code\": \"1\", \"name\": \"B\"}]}");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "no-such-catalogue.json", NULL);
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_from_file (path, &error);

  g_assert_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE);
  g_assert_null (catalogue);
}

static void
test_minimal (void)
{
  /* Only code and name are required; everything else may be null or absent. */
  g_autofree char *path = write_temp (
    "{\"procedures\": [{\"code\": \"9.000001\", \"name\": \"Thủ tục thử\", \"fee\": null,"
    " \"documents\": [{\"name\": \"Đơn\", \"form\": null}]}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_from_file (path, &error);
  McProcedure *procedure;
  McRequiredDocument *doc;

  g_assert_no_error (error);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), ==, 1);
  procedure = mc_catalogue_lookup (catalogue, "9.000001");
  g_assert_nonnull (procedure);
  g_assert_null (mc_procedure_get_field (procedure));
  g_assert_null (mc_procedure_get_fee (procedure));
  g_assert_null (mc_procedure_get_duration (procedure));
  g_assert_cmpuint (mc_procedure_get_popularity (procedure), ==, 0);
  g_assert_cmpuint (mc_procedure_get_documents (procedure)->len, ==, 1);
  doc = g_ptr_array_index (mc_procedure_get_documents (procedure), 0);
  g_assert_cmpstr (doc->name, ==, "Đơn");
  g_assert_null (doc->form);
  g_assert_null (doc->quantity);

  {
    g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, "thu tuc thu", 0);
    g_autoptr(GPtrArray) popular = mc_catalogue_get_popular (catalogue, 5);

    g_assert_cmpuint (results->len, ==, 1);
    g_assert_cmpuint (popular->len, ==, 0);
  }

  g_object_add_weak_pointer (G_OBJECT (procedure), (gpointer *) &procedure);
  g_clear_object (&catalogue);
  g_assert_null (procedure);
}

static void
test_default_prefers_env (void)
{
  /* MOTCUA_DATA_DIR comes first: point it at a one-procedure catalogue. */
  g_autofree char *path = write_temp ("{\"procedures\": [{\"code\": \"9.1\", \"name\": \"X\"}]}");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (dir, "catalogue.json", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("MOTCUA_DATA_DIR"));
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_rename (path, target), ==, 0);
  g_setenv ("MOTCUA_DATA_DIR", dir, TRUE);
  catalogue = mc_catalogue_new_default (&error);
  if (saved != NULL)
    g_setenv ("MOTCUA_DATA_DIR", saved, TRUE);
  else
    g_unsetenv ("MOTCUA_DATA_DIR");

  g_assert_no_error (error);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), ==, 1);
  g_assert_nonnull (mc_catalogue_lookup (catalogue, "9.1"));
  g_remove (target);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/catalogue/load-default", test_load_default);
  g_test_add_func ("/motcua/catalogue/birth-registration", test_birth_registration);
  g_test_add_func ("/motcua/catalogue/fees-and-forms", test_fees_and_forms);
  g_test_add_func ("/motcua/catalogue/search-first", test_search_first);
  g_test_add_func ("/motcua/catalogue/search-nfd-query", test_search_nfd_query);
  g_test_add_func ("/motcua/catalogue/search-every-word", test_search_every_word);
  g_test_add_func ("/motcua/catalogue/search-ranking", test_search_ranking);
  g_test_add_func ("/motcua/catalogue/search-empty", test_search_empty);
  g_test_add_func ("/motcua/catalogue/popular", test_popular);
  g_test_add_func ("/motcua/catalogue/corrupt-file", test_corrupt);
  g_test_add_func ("/motcua/catalogue/missing-file", test_missing_file);
  g_test_add_func ("/motcua/catalogue/minimal", test_minimal);
  g_test_add_func ("/motcua/catalogue/default-prefers-env", test_default_prefers_env);

  return g_test_run ();
}
