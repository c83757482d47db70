/* test-search.c: search vectors written from how citizens ask at a commune
 * counter, against the full shipped catalogue: with and without tones, NFD
 * input, misspelt tones, i/y variants, everyday words and synonyms, half-typed
 * words. Each row: the query and the codes expected in the top 3 (in any order
 * within the top 3 unless @first is set).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mc-catalogue.h"
#include "mc-text.h"

#include "search-vectors.h"

static McCatalogue *catalogue;

static McCatalogue *
get_catalogue (void)
{
  if (catalogue == NULL)
    {
      g_autoptr(GError) error = NULL;

      catalogue = mc_catalogue_new_default (&error);
      g_assert_no_error (error);
    }
  return catalogue;
}

static void
test_vectors (void)
{
  McCatalogue *cat = get_catalogue ();
  guint n_failed = 0;

  g_assert_cmpuint (G_N_ELEMENTS (search_vectors), >=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (search_vectors); i++)
    {
      const Vector *v = &search_vectors[i];
      g_autoptr(GPtrArray) results = mc_catalogue_search (cat, v->query, 3);
      gboolean ok = results->len > 0;

      if (ok && v->first != NULL)
        ok = g_strcmp0 (mc_procedure_get_code (g_ptr_array_index (results, 0)), v->first) == 0;
      for (guint k = 0; ok && k < G_N_ELEMENTS (v->top3) && v->top3[k] != NULL; k++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < results->len; j++)
            seen |= g_strcmp0 (mc_procedure_get_code (g_ptr_array_index (results, j)), v->top3[k]) == 0;
          ok = seen;
        }
      /* Every failing vector is listed before the test fails. */
      if (!ok)
        {
          n_failed++;
          g_test_message ("FAILED vector %u: “%s”", i, v->query);
          for (guint j = 0; j < results->len; j++)
            g_test_message ("  %u. %s %s", j + 1,
                            mc_procedure_get_code (g_ptr_array_index (results, j)),
                            mc_procedure_get_name (g_ptr_array_index (results, j)));
        }
    }
  g_assert_cmpuint (n_failed, ==, 0);
}

static void
test_y_key (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Đăng ký", "dang ki" },
    { "kí", "ki" },
    { "Lý lịch", "li lich" },
    { "Mỹ", "mi" },
    { "Sỹ quan", "si quan" },
    { "tỷ lệ", "ti le" },
    { "quý", "qui" },
    { "hy sinh", "hi sinh" },
    /* Diphthongs and a syllable-initial y stay. */
    { "thủy lợi", "thuy loi" },
    { "tuy", "tuy" },
    { "ngày", "ngay" },
    { "yên", "yen" },
    { "quyết định", "quyet dinh" },
    { "y tế", "y te" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = mc_text_search_key (cases[i].in);

      g_assert_cmpstr (key, ==, cases[i].out);
    }
}

static void
test_ranking (void)
{
  McCatalogue *cat = get_catalogue ();
  g_autoptr(GPtrArray) results = mc_catalogue_search (cat, "dang ky khai sinh", 0);
  gboolean seen_other = FALSE;

  /* Commune-counter procedures above the others within a rank; the first has
   * the whole phrase. */
  g_assert_cmpuint (results->len, >, 5);
  g_assert_nonnull (strstr (mc_procedure_get_name (g_ptr_array_index (results, 0)), "đăng ký khai sinh"));
  for (guint i = 0; i < results->len; i++)
    {
      McProcedure *p = g_ptr_array_index (results, i);
      g_autofree char *key = mc_text_search_key (mc_procedure_get_name (p));

      if (strstr (key, "dang ki khai sinh") == NULL)
        break;  /* the phrase rank ends here */
      if (!mc_procedure_is_commune_counter (p))
        seen_other = TRUE;
      else
        g_assert_false (seen_other);
    }
}

static void
test_every_synonym_resolves (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("MOTCUA_DATA_DIR"), "synonyms.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *synonyms;
  McCatalogue *cat = get_catalogue ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  synonyms = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "synonyms");
  g_assert_cmpuint (json_array_get_length (synonyms), >=, 30);
  for (guint i = 0; i < json_array_get_length (synonyms); i++)
    {
      JsonObject *synonym = json_array_get_object_element (synonyms, i);
      JsonArray *codes = json_object_get_array_member (synonym, "codes");
      const char *phrase = json_object_get_string_member (synonym, "phrase");
      g_autoptr(GPtrArray) results = mc_catalogue_search (cat, phrase, 1);

      for (guint j = 0; j < json_array_get_length (codes); j++)
        {
          McProcedure *p = mc_catalogue_lookup (cat, json_array_get_string_element (codes, j));

          g_assert_nonnull (p);
          g_assert_true (mc_procedure_is_commune_counter (p));
        }
      /* The phrase itself brings its first procedure first. */
      g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (results, 0)), ==,
                       json_array_get_string_element (codes, 0));
    }
}

static void
test_life_events_and_fields (void)
{
  McCatalogue *cat = get_catalogue ();
  GPtrArray *events = mc_catalogue_get_life_events (cat);
  GPtrArray *fields = mc_catalogue_get_fields (cat);
  g_autoptr(GPtrArray) birth = mc_catalogue_get_by_event (cat, "birth");
  g_autoptr(GPtrArray) civil = mc_catalogue_get_by_field (cat, "Hộ tịch", TRUE);
  g_autoptr(GPtrArray) customs = mc_catalogue_get_by_field (cat, "Hải quan", TRUE);
  g_autoptr(GPtrArray) customs_all = mc_catalogue_get_by_field (cat, "Hải quan", FALSE);
  const char *ids[] = { "birth", "marriage", "moving", "land", "elderly", "death", "certify", "business" };

  g_assert_cmpuint (events->len, >=, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GPtrArray) procedures = mc_catalogue_get_by_event (cat, ids[i]);

      g_assert_nonnull (procedures);
      g_assert_cmpuint (procedures->len, >=, 2);
    }
  for (guint i = 0; i < events->len; i++)
    {
      McLifeEvent *event = g_ptr_array_index (events, i);

      g_assert_nonnull (event->title);
      g_assert_nonnull (event->title_en);
      /* Every code of the hand-made file is in the catalogue. */
      g_assert_cmpuint (event->procedures->len, >, 0);
    }
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (birth, 0)), ==, "1.001193");
  g_assert_null (mc_catalogue_get_by_event (cat, "no-such-event"));

  /* Fields with commune-counter procedures first. */
  g_assert_cmpuint (fields->len, >, 100);
  g_assert_cmpuint (((McCatalogueField *) g_ptr_array_index (fields, 0))->n_commune, >, 0);
  g_assert_cmpuint (civil->len, >=, 16);
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (civil, 0)), ==, "1.001193");
  /* Customs procedures marked "Cấp xã" by the portal are not the counter's. */
  g_assert_cmpuint (customs->len, ==, 0);
  g_assert_cmpuint (customs_all->len, >, 100);
}

static void
test_customs_flag (void)
{
  McCatalogue *cat = get_catalogue ();
  GListModel *model = mc_catalogue_get_model (cat);
  guint n_flagged = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McProcedure) p = g_list_model_get_item (model, i);
      const char *field = mc_procedure_get_field (p);

      if ((mc_procedure_get_levels (p) & MC_PROCEDURE_LEVEL_COMMUNE)
          && (g_strcmp0 (field, "Hải quan") == 0 || g_strcmp0 (field, "Thuế") == 0))
        {
          g_assert_false (mc_procedure_is_commune_counter (p));
          n_flagged++;
        }
    }
  /* The data's README: 124 customs and 111 tax procedures marked "Cấp xã". */
  g_assert_cmpuint (n_flagged, >=, 200);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/search/vectors", test_vectors);
  g_test_add_func ("/motcua/search/y-key", test_y_key);
  g_test_add_func ("/motcua/search/ranking", test_ranking);
  g_test_add_func ("/motcua/search/synonyms-resolve", test_every_synonym_resolves);
  g_test_add_func ("/motcua/search/life-events-and-fields", test_life_events_and_fields);
  g_test_add_func ("/motcua/search/customs-flag", test_customs_flag);

  ret = g_test_run ();
  g_clear_object (&catalogue);
  return ret;
}
