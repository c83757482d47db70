/* test-forms.c: the form schemas (data/forms.json): the shipped file loads and
 * names real procedures, malformed schemas are refused with a message that
 * says where, answers are checked, copied from the applicant, sent to the
 * portal and kept in drafts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mc-catalogue.h"
#include "mc-dossier.h"
#include "mc-form.h"

#define MINIMAL \
  "{\"version\": 1, \"forms\": [{\"procedure_code\": \"*\", \"groups\": [" \
  "{\"id\": \"request\", \"title\": \"Nội dung\", \"fields\": [" \
  "{\"id\": \"content\", \"type\": \"text\", \"label\": \"Nội dung\"}]}]}]}"

static void
test_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McForms) forms = mc_forms_load_default (&error);
  g_autoptr(McCatalogue) catalogue = NULL;
  GPtrArray *codes;
  const char *wanted[] = { "1.001193", "1.000894", "1.004222", "1.004194", "1.000656",
                           "1.004873" };
  McForm *form;

  g_assert_no_error (error);
  g_assert_nonnull (forms);
  catalogue = mc_catalogue_new_default (&error);
  g_assert_no_error (error);

  /* Every schema names a procedure of the catalogue. */
  codes = mc_forms_get_codes (forms);
  g_assert_cmpuint (codes->len, >=, G_N_ELEMENTS (wanted));
  for (guint i = 0; i < codes->len; i++)
    {
      g_test_message ("form for %s", (char *) codes->pdata[i]);
      g_assert_nonnull (mc_catalogue_lookup (catalogue, codes->pdata[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    g_assert_cmpstr (mc_form_get_code (mc_forms_lookup (forms, wanted[i])), ==, wanted[i]);

  /* Any other procedure gets the default. */
  form = mc_forms_lookup (forms, "2.000635");
  g_assert_cmpstr (mc_form_get_code (form), ==, "*");
  g_assert_nonnull (mc_form_find_field (form, "request.content", NULL));

  /* The birth registration asks what the paper form asks. */
  form = mc_forms_lookup (forms, "1.001193");
  {
    const char *keys[] = { "declarant.relationship", "child.full_name", "child.sex",
                           "child.birth_date", "child.birth_place", "child.ethnicity",
                           "child.nationality", "mother.full_name", "mother.id_number",
                           "mother.residence", "father.full_name" };
    McFormGroup *mother;

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_nonnull (mc_form_find_field (form, keys[i], NULL));
    g_assert_cmpint (mc_form_find_field (form, "child.birth_date", NULL)->type, ==,
                     MC_FORM_FIELD_DATE);
    g_assert_cmpint (mc_form_find_field (form, "mother.residence", NULL)->type, ==,
                     MC_FORM_FIELD_ADDRESS);
    mother = mc_form_get_group (form, 2);
    g_assert_cmpstr (mother->id, ==, "mother");
    g_assert_nonnull (mother->same_as_applicant);
  }
}

static void
expect_schema_error (const char *json,
                     const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McForms) forms = mc_forms_new_from_data (json, -1, &error);

  g_assert_null (forms);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (where != NULL)
    {
      g_assert_error (error, MC_FORM_ERROR, MC_FORM_ERROR_SCHEMA);
      g_assert_nonnull (strstr (error->message, where));
    }
}

static char *
with_field (const char *field)
{
  return g_strdup_printf ("{\"version\": 1, \"forms\": [{\"procedure_code\": \"1.001193\", "
                          "\"groups\": [{\"id\": \"child\", \"title\": \"Con\", \"fields\": "
                          "[{\"id\": \"ok\", \"type\": \"text\", \"label\": \"A\"}, %s]}]}]}",
                          field);
}

static void
test_malformed (void)
{
  struct { const char *field; const char *where; } cases[] = {
    { "{\"id\": \"x\", \"type\": \"colour\", \"label\": \"X\"}", "unknown type “colour”" },
    { "{\"id\": \"x\", \"type\": \"text\"}", "“label” is missing" },
    { "{\"id\": \"X y\", \"type\": \"text\", \"label\": \"X\"}", "must be lower-case" },
    { "{\"id\": \"ok\", \"type\": \"text\", \"label\": \"X\"}", "comes twice" },
    { "{\"id\": \"x\", \"type\": \"choice\", \"label\": \"X\"}", "“options” must be a non-empty array" },
    { "{\"id\": \"x\", \"type\": \"choice\", \"label\": \"X\", \"options\": [{\"value\": \"a\", "
      "\"label\": \"A\"}, {\"value\": \"a\", \"label\": \"B\"}]}", "the value “a” comes twice" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"pattern\": \"[0-9\", "
      "\"pattern_message\": \"m\"}", "does not compile" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"pattern\": \"[0-9]+\"}",
      "needs a “pattern_message”" },
    { "{\"id\": \"x\", \"type\": \"number\", \"label\": \"X\", \"min\": 5, \"max\": 1}",
      "“min” is greater than “max”" },
    { "{\"id\": \"x\", \"type\": \"number\", \"label\": \"X\", \"min\": \"5\"}", "must be a number" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"from_applicant\": \"shoe_size\"}",
      "unknown “from_applicant”" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"from_applicant\": \"address\"}",
      "goes with an address field" },
    { "{\"id\": \"x\", \"type\": \"number\", \"label\": \"X\", \"max\": 3, \"default\": \"4\"}",
      "“default” is not a valid answer" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"required\": \"yes\"}",
      "must be true or false" },
    { "{\"id\": \"x\", \"type\": \"text\", \"label\": \"X\", \"input\": \"morse\"}", "unknown input" },
    { "\"just a string\"", "a field must be an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = with_field (cases[i].field);

      expect_schema_error (json, cases[i].where);
      /* The message says where: the form, the group and the field. */
      expect_schema_error (json, "forms[0].groups[0].fields[1]");
    }

  expect_schema_error ("{\"version\": 1", NULL);    /* not JSON at all */
  expect_schema_error ("[]", "must hold a JSON object");
  expect_schema_error ("{\"version\": 2, \"forms\": []}", "“version” must be 1");
  expect_schema_error ("{\"version\": 1, \"forms\": []}", "“forms” must be a non-empty array");
  expect_schema_error ("{\"version\": 1, \"forms\": [{\"groups\": []}]}",
                       "forms[0]: “procedure_code” is missing");
  expect_schema_error ("{\"version\": 1, \"forms\": [{\"procedure_code\": \"*\", \"groups\": "
                       "[{\"id\": \"g\", \"title\": \"G\", \"same_as_applicant\": \"Tôi\", "
                       "\"fields\": [{\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}]}",
                       "needs a field with “from_applicant”");
  expect_schema_error ("{\"version\": 1, \"forms\": ["
                       "{\"procedure_code\": \"1.001193\", \"groups\": [{\"id\": \"g\", \"title\": \"G\", "
                       "\"fields\": [{\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}, "
                       "{\"procedure_code\": \"1.001193\", \"groups\": [{\"id\": \"g\", \"title\": \"G\", "
                       "\"fields\": [{\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}]}",
                       "forms[1]: procedure “1.001193” has two forms");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McForms) forms = mc_forms_new_from_data (MINIMAL, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (mc_form_get_code (mc_forms_lookup (forms, "9.999999")), ==, "*");
  }
}

static McForms *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  McForms *forms = mc_forms_load_default (&error);

  g_assert_no_error (error);
  return forms;
}

static void
test_checks (void)
{
  g_autoptr(McForms) forms = load_shipped ();
  McForm *form = mc_forms_lookup (forms, "1.001193");
  McFormField *name = mc_form_find_field (form, "child.full_name", NULL);
  McFormField *date = mc_form_find_field (form, "child.birth_date", NULL);
  McFormField *sex = mc_form_find_field (form, "child.sex", NULL);
  McFormField *id = mc_form_find_field (form, "mother.id_number", NULL);
  McFormField *father = mc_form_find_field (form, "father.full_name", NULL);
  McFormField *count = mc_form_find_field (mc_forms_lookup (forms, "1.000894"),
                                           "bride.marriage_number", NULL);
  McFormField *email = mc_form_find_field (mc_forms_lookup (forms, "1.004222"),
                                           "contact.email", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *tomorrowish = g_date_time_format (later, "%d/%m/%Y");
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_form_field_check (name, "Nguyễn Thị Mai", NULL));
  g_assert_true (mc_form_field_check (name, "  H’Hen   Niê ", NULL));
  g_assert_false (mc_form_field_check (name, "", &error));
  g_assert_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_form_field_check (name, "Mai 2", &error));
  g_assert_nonnull (strstr (error->message, "Nguyễn Văn An"));
  g_clear_error (&error);
  g_assert_true (mc_form_field_check (father, "", NULL));     /* not required */

  g_assert_true (mc_form_field_check (date, "01/02/2024", NULL));
  g_assert_false (mc_form_field_check (date, "30/02/2024", NULL));
  g_assert_false (mc_form_field_check (date, tomorrowish, &error));  /* max 0: not future */
  g_clear_error (&error);

  g_assert_true (mc_form_field_check (sex, "female", NULL));
  g_assert_false (mc_form_field_check (sex, "other", NULL));
  g_assert_false (mc_form_field_check (sex, "", NULL));

  g_assert_true (mc_form_field_check (id, "001190012345", NULL));
  g_assert_true (mc_form_field_check (id, "", NULL));
  g_assert_false (mc_form_field_check (id, "12345", NULL));

  g_assert_true (mc_form_field_check (count, "2", NULL));
  g_assert_false (mc_form_field_check (count, "0", NULL));
  g_assert_false (mc_form_field_check (count, "hai", NULL));

  g_assert_true (mc_form_field_check (email, "an@example.vn", NULL));
  g_assert_false (mc_form_field_check (email, "an@", NULL));
}

static void
test_dossier_answers (void)
{
  g_autoptr(McForms) forms = load_shipped ();
  McForm *form = mc_forms_lookup (forms, "1.001193");
  g_autoptr(McDossier) dossier = mc_dossier_new ("1.001193");
  g_autoptr(McDossier) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *draft = NULL;
  const char *key = NULL;
  JsonObject *fields;

  mc_dossier_set (dossier, MC_DOSSIER_FIELD_FULL_NAME, "Trần Thị Bình");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_ID_NUMBER, "001190012345");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_BIRTH_DATE, "17/05/1990");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_SEX, "female");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_PHONE, "0912345678");
  mc_dossier_set_address (dossier, "Số 1 Tràng Tiền", 70, "Phường Hoàn Kiếm", 1, "Thành phố Hà Nội");
  mc_dossier_set_form (dossier, form);

  /* Defaults from the schema. */
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "child.nationality"), ==, "Việt Nam");
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "child.ethnicity"), ==, "Kinh");

  g_assert_false (mc_dossier_validate_answers (dossier, 1, &key, &error));
  g_assert_cmpstr (key, ==, "child.full_name");
  g_clear_error (&error);
  mc_dossier_set_answer (dossier, "declarant.relationship", "mother");
  mc_dossier_set_answer (dossier, "child.full_name", "Trần  Minh An");
  mc_dossier_set_answer (dossier, "child.sex", "male");
  mc_dossier_set_answer (dossier, "child.birth_date", "3/11/2026");
  mc_dossier_set_answer (dossier, "child.birth_place", "Bệnh viện Phụ sản Hà Nội");
  g_assert_true (mc_dossier_validate_answers (dossier, 1, NULL, NULL));

  /* The mother is the applicant: one tap copies her details. */
  g_assert_false (mc_dossier_validate_answers (dossier, 2, &key, NULL));
  g_assert_cmpstr (key, ==, "mother.full_name");
  /* She said she is the mother: her step starts with her details, the
   * father's does not; once given, they are not copied over again. */
  g_assert_false (mc_dossier_prefill_declarant (dossier, 3));
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "father.full_name"), !=, "Trần Thị Bình");
  mc_dossier_set_answer (dossier, "mother.full_name", "Trần Thị Bình B");
  g_assert_false (mc_dossier_prefill_declarant (dossier, 2));
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "mother.full_name"), ==, "Trần Thị Bình B");
  mc_dossier_set_answer (dossier, "mother.full_name", "");
  g_assert_true (mc_dossier_prefill_declarant (dossier, 2));
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "mother.full_name"), ==, "Trần Thị Bình");
  mc_dossier_copy_applicant (dossier, 2);
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "mother.full_name"), ==, "Trần Thị Bình");
  g_assert_cmpstr (mc_dossier_get_answer (dossier, "mother.id_number"), ==, "001190012345");
  g_assert_cmpuint (mc_dossier_get_answer_address (dossier, "mother.residence")->commune_code, ==, 70);
  g_assert_true (mc_dossier_validate_answers (dossier, G_MAXUINT, NULL, NULL));

  json = mc_dossier_to_json (dossier);
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  fields = json_object_get_object_member (json_node_get_object (root), "fields");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "child"),
                                                  "birth_date"), ==, "2026-11-03");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "child"),
                                                  "full_name"), ==, "Trần Minh An");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "declarant"),
                                                  "relationship"), ==, "mother");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (fields, "mother"), "residence"), "commune_code"),
                   ==, 70);
  g_assert_false (json_object_has_member (fields, "father"));   /* nothing answered */

  /* A draft keeps every answer, the address too. */
  draft = mc_dossier_to_draft_json (dossier);
  again = mc_dossier_new_from_draft ("1.001193", draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_answer (again, "child.full_name"), ==, "Trần  Minh An");
  g_assert_cmpstr (mc_dossier_get_answer (again, "child.birth_date"), ==, "3/11/2026");
  g_assert_cmpuint (mc_dossier_get_answer_address (again, "mother.residence")->province_code, ==, 1);
  mc_dossier_set_form (again, form);
  g_assert_true (mc_dossier_validate_answers (again, G_MAXUINT, NULL, NULL));
  {
    g_autofree char *json_again = mc_dossier_to_json (again);

    g_assert_cmpstr (json_again, ==, json);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/forms/shipped", test_shipped);
  g_test_add_func ("/motcua/forms/malformed", test_malformed);
  g_test_add_func ("/motcua/forms/checks", test_checks);
  g_test_add_func ("/motcua/forms/dossier-answers", test_dossier_answers);

  return g_test_run ();
}
