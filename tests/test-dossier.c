/* test-dossier.c: dossier fields, validation and JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mc-dossier.h"

static McDossier *
valid_dossier (void)
{
  McDossier *d = mc_dossier_new ("1.001193");

  mc_dossier_set (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn An");
  mc_dossier_set (d, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345");
  mc_dossier_set (d, MC_DOSSIER_FIELD_BIRTH_DATE, "17/05/1990");
  mc_dossier_set (d, MC_DOSSIER_FIELD_SEX, "male");
  mc_dossier_set (d, MC_DOSSIER_FIELD_PHONE, "0912 345 678");
  return d;
}

static void
assert_field (McDossier      *d,
              McDossierField  field,
              const char     *value,
              gboolean        valid)
{
  g_autoptr(GError) error = NULL;

  mc_dossier_set (d, field, value);
  g_assert_cmpstr (mc_dossier_get (d, field), ==, value);
  if (valid)
    {
      if (!mc_dossier_validate_field (d, field, &error))
        g_error ("field %d rejected a valid value: %s", field, error->message);
    }
  else
    {
      if (mc_dossier_validate_field (d, field, &error))
        g_error ("field %d accepted an invalid value", field);
      g_assert_error (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_new (void)
{
  g_autoptr(McDossier) d = mc_dossier_new ("1.001193");
  McDossierField field = MC_DOSSIER_N_FIELDS;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (mc_dossier_get_procedure_code (d), ==, "1.001193");
  for (guint i = 0; i < MC_DOSSIER_N_FIELDS; i++)
    g_assert_cmpstr (mc_dossier_get (d, i), ==, "");

  g_assert_false (mc_dossier_validate (d, &field, &error));
  g_assert_error (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID);
  g_assert_cmpint (field, ==, MC_DOSSIER_FIELD_FULL_NAME);

  mc_dossier_set (d, MC_DOSSIER_FIELD_PHONE, NULL);
  g_assert_cmpstr (mc_dossier_get (d, MC_DOSSIER_FIELD_PHONE), ==, "");
}

static void
test_full_name (void)
{
  g_autoptr(McDossier) d = valid_dossier ();

  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn An", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "  lê   thị\tBÍCH  ", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Đặng Ư", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "H'Hen Niê", TRUE);
  /* Decomposed (NFD) input, as some input methods send it. */
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguye\xcc\x82\xcc\x83n An", TRUE);

  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "   ", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "An", FALSE);          /* one word */
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn 2", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn_Văn An", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguyễn Văn An!", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "- '", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, "Nguy\xff An", FALSE);  /* not UTF-8 */

  {
    g_autoptr(GString) longname = g_string_new ("Nguyễn");
    while (longname->len < 200)
      g_string_append (longname, " Văn");
    assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, longname->str, FALSE);
  }
  {
    /* 100 characters is the most. */
    g_autoptr(GString) name = g_string_new ("A");
    while (g_utf8_strlen (name->str, -1) < 98)
      g_string_append (name, "ă");
    g_string_append (name, " B");
    assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, name->str, TRUE);
    g_string_append (name, "b");
    assert_field (d, MC_DOSSIER_FIELD_FULL_NAME, name->str, FALSE);
  }
}

static void
test_id_number (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(GError) error = NULL;

  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, " 001 090 012 345 ", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "00109001234", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "00109001234x", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "003090012345", FALSE);
  /* Against the other fields: 1991 and female disagree with the number. */
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001091012345", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001190012345", FALSE);

  mc_dossier_set (d, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345");
  mc_dossier_set (d, MC_DOSSIER_FIELD_SEX, "female");
  g_assert_false (mc_dossier_validate_field (d, MC_DOSSIER_FIELD_ID_NUMBER, &error));
  g_assert_error (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID);
  g_clear_error (&error);

  /* With no sex given, only the year is compared. */
  assert_field (d, MC_DOSSIER_FIELD_SEX, "", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001190012345", TRUE);

  /* A wrong date of birth is that field's problem, not the number's. */
  mc_dossier_set (d, MC_DOSSIER_FIELD_BIRTH_DATE, "31/02/1990");
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001091012345", TRUE);

  mc_dossier_set (d, MC_DOSSIER_FIELD_BIRTH_DATE, "01/01/1991");
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001091012345", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_ID_NUMBER, "001090012345", FALSE);
}

static void
assert_date (const char *text,
             int         day,
             int         month,
             int         year)
{
  g_autoptr(GDate) date = mc_parse_birth_date (text);

  if (day == 0)
    {
      if (date != NULL)
        g_error ("“%s” parsed as a date", text);
      return;
    }
  if (date == NULL)
    g_error ("“%s” did not parse", text);
  g_assert_cmpint (g_date_get_day (date), ==, day);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_year (date), ==, year);
}

static void
test_parse_birth_date (void)
{
  assert_date ("17/05/1990", 17, 5, 1990);
  assert_date ("7/5/1990", 7, 5, 1990);
  assert_date ("17-05-1990", 17, 5, 1990);
  assert_date ("17.05.1990", 17, 5, 1990);
  assert_date ("17051990", 17, 5, 1990);
  assert_date (" 29/02/2000 ", 29, 2, 2000);
  assert_date ("31/12/1899", 31, 12, 1899);  /* a real date: the range is checked later */

  assert_date ("", 0, 0, 0);
  assert_date ("29/02/1900", 0, 0, 0);
  assert_date ("31/04/1990", 0, 0, 0);
  assert_date ("00/01/1990", 0, 0, 0);
  assert_date ("01/13/1990", 0, 0, 0);
  assert_date ("17/05/90", 0, 0, 0);
  assert_date ("17/05-1990", 0, 0, 0);
  assert_date ("1990-05-17", 0, 0, 0);
  assert_date ("117/05/1990", 0, 0, 0);
  assert_date ("17/05/19900", 0, 0, 0);
  assert_date ("1751990", 0, 0, 0);
  assert_date ("17/05/1990x", 0, 0, 0);
  assert_date ("17 05 1990", 0, 0, 0);
  assert_date ("ab/cd/efgh", 0, 0, 0);
}

static void
test_birth_date (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow = g_date_time_format (later, "%d/%m/%Y");

  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, "17/05/1990", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, "17051990", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, "", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, "31/02/1990", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, "31/12/1899", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_BIRTH_DATE, tomorrow, FALSE);
}

static void
test_sex (void)
{
  g_autoptr(McDossier) d = valid_dossier ();

  assert_field (d, MC_DOSSIER_FIELD_SEX, "male", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_SEX, "", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_SEX, "female", TRUE);  /* the number disagrees, not the sex */
  assert_field (d, MC_DOSSIER_FIELD_SEX, "nam", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_SEX, "Male", FALSE);
}

static void
test_phone (void)
{
  g_autoptr(McDossier) d = valid_dossier ();

  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0912345678", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0912 345 678", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0912.345.678", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "+84912345678", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "+84 912 345 678", TRUE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "024 3825 1234", TRUE);   /* Hà Nội landline */
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "+84 24 3825 1234", TRUE);

  assert_field (d, MC_DOSSIER_FIELD_PHONE, "", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "091234567", FALSE);      /* 9 digits */
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "09123456789", FALSE);    /* 11, not landline */
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "912345678", FALSE);      /* no 0 */
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0012345678", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "+840912345678", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "+85912345678", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0912a45678", FALSE);
  assert_field (d, MC_DOSSIER_FIELD_PHONE, "0912+345678", FALSE);
}

static void
test_validate_all (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(GError) error = NULL;
  McDossierField field = MC_DOSSIER_N_FIELDS;

  g_assert_true (mc_dossier_validate (d, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, MC_DOSSIER_N_FIELDS);

  mc_dossier_set (d, MC_DOSSIER_FIELD_PHONE, "123");
  g_assert_false (mc_dossier_validate (d, &field, &error));
  g_assert_error (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID);
  g_assert_cmpint (field, ==, MC_DOSSIER_FIELD_PHONE);
  g_clear_error (&error);

  mc_dossier_set (d, MC_DOSSIER_FIELD_BIRTH_DATE, "17/05/1991");
  g_assert_false (mc_dossier_validate (d, &field, &error));
  g_assert_cmpint (field, ==, MC_DOSSIER_FIELD_ID_NUMBER);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
test_json (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *obj, *applicant;

  /* Decomposed, spread out and with a landline through +84. */
  mc_dossier_set (d, MC_DOSSIER_FIELD_FULL_NAME, "  Nguye\xcc\x82\xcc\x83n   văn\t An ");
  mc_dossier_set (d, MC_DOSSIER_FIELD_ID_NUMBER, "001 090 012 345");
  mc_dossier_set (d, MC_DOSSIER_FIELD_BIRTH_DATE, "7.5.1990");
  mc_dossier_set (d, MC_DOSSIER_FIELD_PHONE, "+84 912.345.678");

  json = mc_dossier_to_json (d);
  g_assert_nonnull (json);
  obj = parse_object (parser, json);

  g_assert_cmpuint (json_object_get_size (obj), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (obj, "procedure_code"), ==, "1.001193");
  g_assert_false (json_object_has_member (obj, "client"));

  applicant = json_object_get_object_member (obj, "applicant");
  g_assert_nonnull (applicant);
  g_assert_cmpuint (json_object_get_size (applicant), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (applicant, "full_name"), ==,
                   "Nguyễn văn An");
  g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, "001090012345");
  g_assert_cmpstr (json_object_get_string_member (applicant, "birth_date"), ==, "1990-05-07");
  g_assert_cmpstr (json_object_get_string_member (applicant, "sex"), ==, "male");
  g_assert_cmpstr (json_object_get_string_member (applicant, "phone"), ==, "0912345678");

  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "fields")));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (obj, "fields")), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "attachments")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "attachments")),
                    ==, 0);
}

static void
test_json_no_sex (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *applicant;

  mc_dossier_set (d, MC_DOSSIER_FIELD_SEX, "");
  mc_dossier_set (d, MC_DOSSIER_FIELD_PHONE, "024.3825.1234");
  json = mc_dossier_to_json (d);
  applicant = json_object_get_object_member (parse_object (parser, json), "applicant");
  g_assert_false (json_object_has_member (applicant, "sex"));
  g_assert_cmpstr (json_object_get_string_member (applicant, "phone"), ==, "02438251234");
}

/* The clerk's waivers: "waived_documents", in the order added, one per
 * document (a second waiver replaces the first), absent when none. */
static void
test_json_waivers (void)
{
  g_autoptr(McDossier) d = valid_dossier ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *obj, *waiver;
  JsonArray *waivers;

  g_assert_cmpuint (mc_dossier_get_n_waivers (d), ==, 0);
  mc_dossier_add_waiver (d, "Giấy chứng sinh", "first");
  mc_dossier_add_waiver (d, "Tờ khai", "  Bản gốc bị mất,\t đã xác minh ");
  mc_dossier_add_waiver (d, "Giấy chứng sinh", "Bệnh viện cấp lại sau");
  g_assert_cmpuint (mc_dossier_get_n_waivers (d), ==, 2);

  json = mc_dossier_to_json (d);
  obj = parse_object (parser, json);
  g_assert_cmpuint (json_object_get_size (obj), ==, 5);
  waivers = json_object_get_array_member (obj, "waived_documents");
  g_assert_nonnull (waivers);
  g_assert_cmpuint (json_array_get_length (waivers), ==, 2);
  waiver = json_array_get_object_element (waivers, 0);
  g_assert_cmpuint (json_object_get_size (waiver), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (waiver, "document"), ==, "Tờ khai");
  g_assert_cmpstr (json_object_get_string_member (waiver, "reason"), ==, "Bản gốc bị mất, đã xác minh");
  waiver = json_array_get_object_element (waivers, 1);
  g_assert_cmpstr (json_object_get_string_member (waiver, "document"), ==, "Giấy chứng sinh");
  g_assert_cmpstr (json_object_get_string_member (waiver, "reason"), ==, "Bệnh viện cấp lại sau");

  mc_dossier_clear_waivers (d);
  g_clear_pointer (&json, g_free);
  json = mc_dossier_to_json (d);
  g_assert_false (json_object_has_member (parse_object (parser, json), "waived_documents"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/dossier/new", test_new);
  g_test_add_func ("/motcua/dossier/full-name", test_full_name);
  g_test_add_func ("/motcua/dossier/id-number", test_id_number);
  g_test_add_func ("/motcua/dossier/parse-birth-date", test_parse_birth_date);
  g_test_add_func ("/motcua/dossier/birth-date", test_birth_date);
  g_test_add_func ("/motcua/dossier/sex", test_sex);
  g_test_add_func ("/motcua/dossier/phone", test_phone);
  g_test_add_func ("/motcua/dossier/validate-all", test_validate_all);
  g_test_add_func ("/motcua/dossier/json", test_json);
  g_test_add_func ("/motcua/dossier/json-no-sex", test_json_no_sex);
  g_test_add_func ("/motcua/dossier/json-waivers", test_json_waivers);

  return g_test_run ();
}
