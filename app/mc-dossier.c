/* mc-dossier.c: the dossier a citizen fills in, its validation, its JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-dossier"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mc-dossier.h"
#include "mc-identity-private.h"
#include "mc-text.h"

/* Field values are personal data: never log them. */

G_DEFINE_QUARK (mc-dossier-error-quark, mc_dossier_error)

struct _McDossier
{
  char *procedure_code;
  char *values[MC_DOSSIER_N_FIELDS];  /* owned, never NULL, as typed */
  McAddress address;                  /* strings owned, nullable */
  GPtrArray *waivers;                 /* McWaiver*, in the order added */
  McForm *form;                       /* owned ref, nullable */
  GHashTable *answers;                /* key → char* (owned), as typed */
  GHashTable *address_answers;        /* key → McAddress* (owned) */
};

typedef struct {
  char *document;
  char *reason;
} McWaiver;

static void
waiver_free (McWaiver *waiver)
{
  g_free (waiver->document);
  g_free (waiver->reason);
  g_free (waiver);
}

/* Personal data: overwritten before the memory goes back. */
static void
wipe_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
address_clear (McAddress *address)
{
  wipe_free (address->street);
  g_free (address->commune);
  g_free (address->province);
  memset (address, 0, sizeof *address);
}

static void
address_free (McAddress *address)
{
  address_clear (address);
  g_free (address);
}

McDossier *
mc_dossier_new (const char *procedure_code)
{
  McDossier *self;

  g_return_val_if_fail (procedure_code != NULL && procedure_code[0] != '\0', NULL);

  self = g_new0 (McDossier, 1);
  self->procedure_code = g_strdup (procedure_code);
  for (guint i = 0; i < MC_DOSSIER_N_FIELDS; i++)
    self->values[i] = g_strdup ("");
  self->waivers = g_ptr_array_new_with_free_func ((GDestroyNotify) waiver_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->address_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) address_free);
  return self;
}

void
mc_dossier_free (McDossier *self)
{
  if (self == NULL)
    return;

  g_free (self->procedure_code);
  /* Personal data: overwritten before the memory goes back (the idle reset). */
  for (guint i = 0; i < MC_DOSSIER_N_FIELDS; i++)
    {
      if (self->values[i] != NULL)
        memset (self->values[i], 0, strlen (self->values[i]));
      g_free (self->values[i]);
    }
  /* The address too. */
  if (self->address.street != NULL)
    memset (self->address.street, 0, strlen (self->address.street));
  g_free (self->address.street);
  g_free (self->address.commune);
  g_free (self->address.province);
  g_ptr_array_unref (self->waivers);
  g_clear_pointer (&self->form, mc_form_unref);
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->address_answers);
  g_free (self);
}

void
mc_dossier_add_waiver (McDossier  *self,
                       const char *document,
                       const char *reason)
{
  McWaiver *waiver;

  g_return_if_fail (self != NULL);
  g_return_if_fail (document != NULL && *document != '\0');
  g_return_if_fail (reason != NULL);

  for (guint i = 0; i < self->waivers->len; i++)
    if (g_str_equal (((McWaiver *) self->waivers->pdata[i])->document, document))
      {
        g_ptr_array_remove_index (self->waivers, i);
        break;
      }
  waiver = g_new0 (McWaiver, 1);
  waiver->document = g_utf8_normalize (document, -1, G_NORMALIZE_NFC);
  waiver->reason = mc_text_collapse (reason);
  if (waiver->document == NULL)
    waiver->document = g_strdup (document);
  if (waiver->reason == NULL)
    waiver->reason = g_strdup ("");
  g_ptr_array_add (self->waivers, waiver);
}

void
mc_dossier_clear_waivers (McDossier *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->waivers, 0);
}

guint
mc_dossier_get_n_waivers (McDossier *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->waivers->len;
}

const char *
mc_dossier_get_procedure_code (McDossier *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->procedure_code;
}

void
mc_dossier_set (McDossier      *self,
                McDossierField  field,
                const char     *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field < MC_DOSSIER_N_FIELDS);

  g_free (self->values[field]);
  self->values[field] = g_strdup (value != NULL ? value : "");
}

const char *
mc_dossier_get (McDossier      *self,
                McDossierField  field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < MC_DOSSIER_N_FIELDS, NULL);

  return self->values[field];
}

/* Normalisation ----------------------------------------------------------- */

/* The ID number without the spaces people type to group digits. */
static char *
normalize_id_number (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* "0xxxxxxxxx" (mobile) or "02xxxxxxxxx" (landline); NULL when no such number. */
static char *
normalize_phone (const char *text)
{
  return mc_form_normalize_phone (text);
}

static gboolean
parse_sex (const char *text,
           McSex      *out_sex)
{
  if (text[0] == '\0')
    *out_sex = MC_SEX_UNKNOWN;
  else if (strcmp (text, "male") == 0)
    *out_sex = MC_SEX_MALE;
  else if (strcmp (text, "female") == 0)
    *out_sex = MC_SEX_FEMALE;
  else
    return FALSE;
  return TRUE;
}

/* Reads 1 to @max_digits digits; FALSE if there are none or more. */
static gboolean
read_number (const char **p,
             int          max_digits,
             int         *out)
{
  int n = 0;
  int value = 0;

  while (g_ascii_isdigit (**p))
    {
      if (++n > max_digits)
        return FALSE;
      value = value * 10 + (**p - '0');
      (*p)++;
    }
  *out = value;
  return n > 0;
}

GDate *
mc_parse_birth_date (const char *text)
{
  g_autofree char *trimmed = NULL;
  int day, month, year;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  p = trimmed;

  if (strlen (trimmed) == 8 && strspn (trimmed, "0123456789") == 8)
    {
      /* ddmmyyyy */
      day = (p[0] - '0') * 10 + (p[1] - '0');
      month = (p[2] - '0') * 10 + (p[3] - '0');
      year = atoi (p + 4);
    }
  else
    {
      char sep;

      /* d/m/yyyy with one of / - . used for both separators. */
      if (!read_number (&p, 2, &day))
        return NULL;
      sep = *p;
      if (sep != '/' && sep != '-' && sep != '.')
        return NULL;
      p++;
      if (!read_number (&p, 2, &month) || *p != sep)
        return NULL;
      p++;
      if (strlen (p) != 4 || !read_number (&p, 4, &year) || *p != '\0')
        return NULL;
    }

  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_new_dmy (day, month, year);
}

/* Validation -------------------------------------------------------------- */

static gboolean
name_char_allowed (gunichar c)
{
  /* Letters of any script (Vietnamese after NFC is letters only), and the
   * apostrophe and hyphen of names such as H'Hen Niê. */
  return g_unichar_isalpha (c) || g_unichar_ismark (c) || c == ' ' ||
         c == '\'' || c == 0x2019 || c == '-';
}

static gboolean
validate_full_name (McDossier  *self,
                    GError    **error)
{
  g_autofree char *name = mc_text_collapse (self->values[MC_DOSSIER_FIELD_FULL_NAME]);
  glong len;
  guint words = 1;

  if (name == NULL)
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("The full name can only contain letters and spaces."));
      return FALSE;
    }
  if (name[0] == '\0')
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("Enter the full name."));
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_start = p == name || p[-1] == ' ';

      /* Every word starts with a letter: "- '" is no name. */
      if (!name_char_allowed (c) || (word_start && !g_unichar_isalpha (c)))
        {
          g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                               _("The full name can only contain letters and spaces."));
          return FALSE;
        }
      if (c == ' ')
        words++;
    }

  len = g_utf8_strlen (name, -1);
  if (len < 2 || len > 100)
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("The full name must be 2 to 100 characters long."));
      return FALSE;
    }

  if (words < 2)
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("Enter the full name as on the CCCD card: family name and "
                             "given name, at least two words."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_birth_date (McDossier  *self,
                     GError    **error)
{
  const char *text = self->values[MC_DOSSIER_FIELD_BIRTH_DATE];
  g_autoptr(GDate) date = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("Enter the date of birth."));
      return FALSE;
    }

  date = mc_parse_birth_date (trimmed);
  if (date == NULL)
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("The date of birth must be a real date written "
                             "day/month/year, e.g. 17/05/1990."));
      return FALSE;
    }

  if (!_mc_birth_date_check (date, &local_error))
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_id_number (McDossier  *self,
                    GError    **error)
{
  g_autofree char *number = normalize_id_number (self->values[MC_DOSSIER_FIELD_ID_NUMBER]);
  g_autoptr(GDate) date = NULL;
  g_autoptr(GError) local_error = NULL;
  McSex sex = MC_SEX_UNKNOWN;

  /* The other fields are context only when they are right themselves: a wrong
   * date of birth is reported on its own field, not here. */
  if (validate_birth_date (self, NULL))
    date = mc_parse_birth_date (self->values[MC_DOSSIER_FIELD_BIRTH_DATE]);
  if (!parse_sex (self->values[MC_DOSSIER_FIELD_SEX], &sex))
    sex = MC_SEX_UNKNOWN;

  if (!mc_cccd_validate (number, date, sex, &local_error))
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_sex (McDossier  *self,
              GError    **error)
{
  McSex sex;

  if (!parse_sex (self->values[MC_DOSSIER_FIELD_SEX], &sex))
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("Choose the sex: male or female (or leave it empty)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_phone (McDossier  *self,
                GError    **error)
{
  const char *text = self->values[MC_DOSSIER_FIELD_PHONE];
  g_autofree char *phone = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("Enter a phone number."));
      return FALSE;
    }

  phone = normalize_phone (trimmed);
  if (phone == NULL)
    {
      g_set_error_literal (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                           _("The phone number must have 10 digits starting with 0 "
                             "(e.g. 0912 345 678), or 11 for a landline (e.g. 024 3825 "
                             "1234); +84 may replace the first 0."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_dossier_validate_field (McDossier      *self,
                           McDossierField  field,
                           GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field < MC_DOSSIER_N_FIELDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (field)
    {
    case MC_DOSSIER_FIELD_FULL_NAME:
      return validate_full_name (self, error);
    case MC_DOSSIER_FIELD_ID_NUMBER:
      return validate_id_number (self, error);
    case MC_DOSSIER_FIELD_BIRTH_DATE:
      return validate_birth_date (self, error);
    case MC_DOSSIER_FIELD_SEX:
      return validate_sex (self, error);
    case MC_DOSSIER_FIELD_PHONE:
      return validate_phone (self, error);
    case MC_DOSSIER_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
mc_dossier_validate (McDossier      *self,
                     McDossierField *out_field,
                     GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < MC_DOSSIER_N_FIELDS; i++)
    {
      if (!mc_dossier_validate_field (self, i, error))
        {
          if (out_field != NULL)
            *out_field = i;
          return FALSE;
        }
    }
  return TRUE;
}

/* JSON -------------------------------------------------------------------- */

/* applicant.address: {street, commune_code, commune, province_code,
 * province}, only once a province is chosen; text NFC and trimmed for the
 * portal (@clean), as typed for a draft. */
static void
add_address (JsonBuilder     *builder,
             const McAddress *address,
             gboolean         clean)
{
  const char *names[] = { "street", "commune", "province" };
  const char *values[] = { address->street, address->commune, address->province };

  if (address->province_code == 0)
    return;

  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = NULL;

      if (values[i] == NULL)
        continue;
      text = clean ? g_utf8_normalize (values[i], -1, G_NORMALIZE_NFC) : g_strdup (values[i]);
      if (text == NULL)
        continue;
      if (clean)
        g_strstrip (text);
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, text);
      if (i == 1 && address->commune_code != 0)
        {
          json_builder_set_member_name (builder, "commune_code");
          json_builder_add_int_value (builder, address->commune_code);
        }
    }
  json_builder_set_member_name (builder, "province_code");
  json_builder_add_int_value (builder, address->province_code);
  json_builder_end_object (builder);
}

void
mc_dossier_set_address (McDossier  *self,
                        const char *street,
                        guint       commune_code,
                        const char *commune,
                        guint       province_code,
                        const char *province)
{
  g_return_if_fail (self != NULL);

  g_free (self->address.street);
  self->address.street = g_strdup (street);
  self->address.commune_code = commune_code;
  g_free (self->address.commune);
  self->address.commune = g_strdup (commune);
  self->address.province_code = province_code;
  g_free (self->address.province);
  self->address.province = g_strdup (province);
}

const McAddress *
mc_dossier_get_address (McDossier *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->address;
}

/* "fields": {group: {field: value}}: the answers of the procedure's form, as
 * the portal wants them (mc_form_field_to_json); empty answers left out. */
static void
add_fields (JsonBuilder *builder,
            McDossier   *self)
{
  json_builder_begin_object (builder);
  for (guint g = 0; self->form != NULL && g < mc_form_get_n_groups (self->form); g++)
    {
      McFormGroup *group = mc_form_get_group (self->form, g);
      gboolean open = FALSE;

      for (guint f = 0; f < group->fields->len; f++)
        {
          McFormField *field = group->fields->pdata[f];
          g_autoptr(JsonNode) value = NULL;
          const McAddress *address = NULL;

          if (field->type == MC_FORM_FIELD_ADDRESS)
            {
              address = g_hash_table_lookup (self->address_answers, field->key);
              if (address == NULL || address->province_code == 0)
                continue;
            }
          else
            {
              value = mc_form_field_to_json (field, mc_dossier_get_answer (self, field->key));
              if (value == NULL)
                continue;
            }
          if (!open)
            {
              json_builder_set_member_name (builder, group->id);
              json_builder_begin_object (builder);
              open = TRUE;
            }
          if (address != NULL)
            {
              /* add_address names its member "address": a small object of
               * its own under the field's id instead. */
              json_builder_set_member_name (builder, field->id);
              json_builder_begin_object (builder);
              if (address->street != NULL)
                {
                  g_autofree char *street = mc_text_collapse (address->street);

                  if (street != NULL && *street != '\0')
                    {
                      json_builder_set_member_name (builder, "street");
                      json_builder_add_string_value (builder, street);
                    }
                }
              if (address->commune_code != 0)
                {
                  json_builder_set_member_name (builder, "commune_code");
                  json_builder_add_int_value (builder, address->commune_code);
                  json_builder_set_member_name (builder, "commune");
                  json_builder_add_string_value (builder, address->commune != NULL ? address->commune : "");
                }
              json_builder_set_member_name (builder, "province_code");
              json_builder_add_int_value (builder, address->province_code);
              json_builder_set_member_name (builder, "province");
              json_builder_add_string_value (builder, address->province != NULL ? address->province : "");
              json_builder_end_object (builder);
            }
          else
            {
              json_builder_set_member_name (builder, field->id);
              json_builder_add_value (builder, g_steal_pointer (&value));
            }
        }
      if (open)
        json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

char *
mc_dossier_to_json (McDossier *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDate) date = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *birth = NULL;
  McSex sex = MC_SEX_UNKNOWN;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (mc_dossier_validate (self, NULL, NULL), NULL);

  name = mc_text_collapse (self->values[MC_DOSSIER_FIELD_FULL_NAME]);
  number = normalize_id_number (self->values[MC_DOSSIER_FIELD_ID_NUMBER]);
  phone = normalize_phone (self->values[MC_DOSSIER_FIELD_PHONE]);
  date = mc_parse_birth_date (self->values[MC_DOSSIER_FIELD_BIRTH_DATE]);
  birth = g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                           (guint) g_date_get_month (date), (guint) g_date_get_day (date));
  parse_sex (self->values[MC_DOSSIER_FIELD_SEX], &sex);
  g_assert (name != NULL && phone != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "procedure_code");
  json_builder_add_string_value (builder, self->procedure_code);

  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "full_name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "id_number");
  json_builder_add_string_value (builder, number);
  json_builder_set_member_name (builder, "birth_date");
  json_builder_add_string_value (builder, birth);
  if (sex != MC_SEX_UNKNOWN)
    {
      json_builder_set_member_name (builder, "sex");
      json_builder_add_string_value (builder, sex == MC_SEX_MALE ? "male" : "female");
    }
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, phone);
  add_address (builder, &self->address, TRUE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "fields");
  add_fields (builder, self);

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  if (self->waivers->len > 0)
    {
      json_builder_set_member_name (builder, "waived_documents");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->waivers->len; i++)
        {
          McWaiver *waiver = self->waivers->pdata[i];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "document");
          json_builder_add_string_value (builder, waiver->document);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, waiver->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Drafts */

static const char *const draft_keys[MC_DOSSIER_N_FIELDS] = {
  [MC_DOSSIER_FIELD_FULL_NAME] = "full_name",
  [MC_DOSSIER_FIELD_ID_NUMBER] = "id_number",
  [MC_DOSSIER_FIELD_BIRTH_DATE] = "birth_date",
  [MC_DOSSIER_FIELD_SEX] = "sex",
  [MC_DOSSIER_FIELD_PHONE] = "phone",
};

char *
mc_dossier_to_draft_json (McDossier *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  for (int field = 0; field < MC_DOSSIER_N_FIELDS; field++)
    {
      const char *value = mc_dossier_get (self, field);

      json_builder_set_member_name (builder, draft_keys[field]);
      json_builder_add_string_value (builder, value != NULL ? value : "");
    }
  add_address (builder, &self->address, FALSE);
  if (g_hash_table_size (self->answers) + g_hash_table_size (self->address_answers) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, "answers");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, self->answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, value);
        }
      g_hash_table_iter_init (&iter, self->address_answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_begin_object (builder);
          add_address (builder, value, FALSE);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

McDossier *
mc_dossier_new_from_draft (const char  *procedure_code,
                           const char  *draft_json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McDossier) dossier = NULL;
  JsonObject *object;

  g_return_val_if_fail (procedure_code != NULL, NULL);
  g_return_val_if_fail (draft_json != NULL, NULL);

  if (!json_parser_load_from_data (parser, draft_json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, MC_DOSSIER_ERROR, MC_DOSSIER_ERROR_INVALID,
                   "A draft is a JSON object");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  dossier = mc_dossier_new (procedure_code);
  for (int field = 0; field < MC_DOSSIER_N_FIELDS; field++)
    {
      JsonNode *node = json_object_get_member (object, draft_keys[field]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        mc_dossier_set (dossier, field, json_node_get_string (node));
    }

  if (json_object_has_member (object, "address")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "address")))
    {
      JsonObject *address = json_object_get_object_member (object, "address");

      mc_dossier_set_address (dossier,
                              json_object_get_string_member_with_default (address, "street", NULL),
                              json_object_get_int_member_with_default (address, "commune_code", 0),
                              json_object_get_string_member_with_default (address, "commune", NULL),
                              json_object_get_int_member_with_default (address, "province_code", 0),
                              json_object_get_string_member_with_default (address, "province", NULL));
    }

  if (json_object_has_member (object, "answers")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "answers")))
    {
      JsonObject *answers = json_object_get_object_member (object, "answers");
      g_autoptr(GList) keys = json_object_get_members (answers);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (answers, l->data);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            mc_dossier_set_answer (dossier, l->data, json_node_get_string (node));
          else if (JSON_NODE_HOLDS_OBJECT (node)
                   && json_object_has_member (json_node_get_object (node), "address"))
            {
              JsonObject *a = json_object_get_object_member (json_node_get_object (node), "address");
              McAddress address = {
                (char *) json_object_get_string_member_with_default (a, "street", NULL),
                json_object_get_int_member_with_default (a, "commune_code", 0),
                (char *) json_object_get_string_member_with_default (a, "commune", NULL),
                json_object_get_int_member_with_default (a, "province_code", 0),
                (char *) json_object_get_string_member_with_default (a, "province", NULL),
              };

              mc_dossier_set_answer_address (dossier, l->data, &address);
            }
        }
    }

  return g_steal_pointer (&dossier);
}

/* The procedure's own form ----------------------------------------------- */

void
mc_dossier_set_form (McDossier *self,
                     McForm    *form)
{
  g_return_if_fail (self != NULL);

  if (form != NULL)
    mc_form_ref (form);
  g_clear_pointer (&self->form, mc_form_unref);
  self->form = form;
  if (form == NULL)
    return;

  /* The schema's defaults ("Việt Nam", "Kinh") for questions not answered yet. */
  for (guint g = 0; g < mc_form_get_n_groups (form); g++)
    {
      McFormGroup *group = mc_form_get_group (form, g);

      for (guint f = 0; f < group->fields->len; f++)
        {
          McFormField *field = group->fields->pdata[f];

          if (field->default_value != NULL && *mc_dossier_get_answer (self, field->key) == '\0')
            mc_dossier_set_answer (self, field->key, field->default_value);
        }
    }
}

McForm *
mc_dossier_get_form (McDossier *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->form;
}

void
mc_dossier_set_answer (McDossier  *self,
                       const char *key,
                       const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->answers, key);
  else
    g_hash_table_replace (self->answers, g_strdup (key), g_strdup (value));
}

const char *
mc_dossier_get_answer (McDossier  *self,
                       const char *key)
{
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = g_hash_table_lookup (self->answers, key);
  return value != NULL ? value : "";
}

void
mc_dossier_set_answer_address (McDossier       *self,
                               const char      *key,
                               const McAddress *address)
{
  McAddress *copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  if (address == NULL)
    {
      g_hash_table_remove (self->address_answers, key);
      return;
    }
  copy = g_new0 (McAddress, 1);
  copy->street = g_strdup (address->street);
  copy->commune_code = address->commune_code;
  copy->commune = g_strdup (address->commune);
  copy->province_code = address->province_code;
  copy->province = g_strdup (address->province);
  g_hash_table_replace (self->address_answers, g_strdup (key), copy);
}

const McAddress *
mc_dossier_get_answer_address (McDossier  *self,
                               const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->address_answers, key);
}

gboolean
mc_dossier_check_answer (McDossier         *self,
                         const McFormField *field,
                         GError           **error)
{
  const McAddress *address;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (field->type != MC_FORM_FIELD_ADDRESS)
    return mc_form_field_check (field, mc_dossier_get_answer (self, field->key), error);

  address = mc_dossier_get_answer_address (self, field->key);
  if (address == NULL || address->province_code == 0)
    {
      if (!field->required)
        return TRUE;
      g_set_error_literal (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                           _("Choose the province or city, then the commune or ward."));
      return FALSE;
    }
  if (address->commune_code == 0)
    {
      g_set_error_literal (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                           _("Choose the commune or ward too."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_dossier_validate_answers (McDossier    *self,
                             guint         group_index,
                             const char  **out_key,
                             GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint g = 0; self->form != NULL && g < mc_form_get_n_groups (self->form); g++)
    {
      McFormGroup *group = mc_form_get_group (self->form, g);

      if (group_index != G_MAXUINT && g != group_index)
        continue;
      for (guint f = 0; f < group->fields->len; f++)
        {
          McFormField *field = group->fields->pdata[f];

          if (!mc_dossier_check_answer (self, field, error))
            {
              if (out_key != NULL)
                *out_key = field->key;
              return FALSE;
            }
        }
    }
  return TRUE;
}

void
mc_dossier_copy_applicant (McDossier *self,
                           guint      group_index)
{
  McFormGroup *group;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->form != NULL);
  g_return_if_fail (group_index < mc_form_get_n_groups (self->form));

  group = mc_form_get_group (self->form, group_index);
  for (guint f = 0; f < group->fields->len; f++)
    {
      McFormField *field = group->fields->pdata[f];
      const char *from = field->from_applicant;

      if (from == NULL)
        continue;
      if (g_str_equal (from, "address"))
        mc_dossier_set_answer_address (self, field->key, &self->address);
      else if (g_str_equal (from, "full_name"))
        mc_dossier_set_answer (self, field->key, self->values[MC_DOSSIER_FIELD_FULL_NAME]);
      else if (g_str_equal (from, "id_number"))
        mc_dossier_set_answer (self, field->key, self->values[MC_DOSSIER_FIELD_ID_NUMBER]);
      else if (g_str_equal (from, "birth_date"))
        mc_dossier_set_answer (self, field->key, self->values[MC_DOSSIER_FIELD_BIRTH_DATE]);
      else if (g_str_equal (from, "sex"))
        mc_dossier_set_answer (self, field->key, self->values[MC_DOSSIER_FIELD_SEX]);
      else if (g_str_equal (from, "phone"))
        mc_dossier_set_answer (self, field->key, self->values[MC_DOSSIER_FIELD_PHONE]);
    }
}

/* Any of the group's "same as applicant" fields answered already? */
static gboolean
group_has_copied_answers (McDossier   *self,
                          McFormGroup *group)
{
  for (guint f = 0; f < group->fields->len; f++)
    {
      McFormField *field = group->fields->pdata[f];
      const char *value;

      if (field->from_applicant == NULL)
        continue;
      if (g_str_equal (field->from_applicant, "address"))
        {
          const McAddress *address = mc_dossier_get_answer_address (self, field->key);

          if (address != NULL && address->commune_code != 0)
            return TRUE;
          continue;
        }
      value = mc_dossier_get_answer (self, field->key);
      if (value != NULL && *value != '\0')
        return TRUE;
    }
  return FALSE;
}

gboolean
mc_dossier_prefill_declarant (McDossier *self,
                              guint      group_index)
{
  McFormGroup *group;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->form != NULL, FALSE);
  g_return_val_if_fail (group_index < mc_form_get_n_groups (self->form), FALSE);

  group = mc_form_get_group (self->form, group_index);
  if (group->same_as_applicant == NULL
      || g_strcmp0 (mc_dossier_get_answer (self, "declarant.relationship"), group->id) != 0
      || group_has_copied_answers (self, group))
    return FALSE;
  mc_dossier_copy_applicant (self, group_index);
  return TRUE;
}
