/* mc-form.c: the form schemas (data/forms.json) and the checks of an answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-form"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "mc-dossier.h"
#include "mc-form.h"
#include "mc-text.h"

/* Answers are personal data: never log them. */

G_DEFINE_QUARK (mc-form-error-quark, mc_form_error)

#define FORMS_FILE "forms.json"
#define DEFAULT_CODE "*"

struct _McForm
{
  gatomicrefcount  ref;
  char            *code;
  GPtrArray       *groups;  /* McFormGroup* */
};

struct _McForms
{
  GPtrArray  *forms;   /* McForm* (owned refs) */
  GHashTable *by_code; /* code → McForm* (borrowed) */
  GPtrArray  *codes;   /* char*, without "*" */
  McForm     *fallback; /* borrowed, nullable */
};

static void
option_free (McFormOption *option)
{
  g_free (option->value);
  g_free (option->label);
  g_free (option->label_en);
  g_free (option);
}

static void
field_free (McFormField *field)
{
  g_free (field->id);
  g_free (field->key);
  g_free (field->label);
  g_free (field->label_en);
  g_free (field->hint);
  g_free (field->hint_en);
  g_free (field->pattern);
  g_free (field->pattern_message);
  g_free (field->pattern_message_en);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  g_free (field->from_applicant);
  g_free (field->default_value);
  g_clear_pointer (&field->regex, g_regex_unref);
  g_free (field);
}

static void
group_free (McFormGroup *group)
{
  g_free (group->id);
  g_free (group->title);
  g_free (group->title_en);
  g_free (group->hint);
  g_free (group->hint_en);
  g_free (group->same_as_applicant);
  g_free (group->same_as_applicant_en);
  g_ptr_array_unref (group->fields);
  g_free (group);
}

McForm *
mc_form_ref (McForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
mc_form_unref (McForm *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->code);
  g_ptr_array_unref (self->groups);
  g_free (self);
}

void
mc_forms_free (McForms *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_code);
  g_ptr_array_unref (self->forms);
  g_ptr_array_unref (self->codes);
  g_free (self);
}

/* Parsing ----------------------------------------------------------------- */

static const char * const type_names[] = {
  [MC_FORM_FIELD_TEXT] = "text",
  [MC_FORM_FIELD_NUMBER] = "number",
  [MC_FORM_FIELD_DATE] = "date",
  [MC_FORM_FIELD_CHOICE] = "choice",
  [MC_FORM_FIELD_ADDRESS] = "address",
  [MC_FORM_FIELD_PHONE] = "phone",
  [MC_FORM_FIELD_EMAIL] = "email",
};

static const char * const applicant_names[] = {
  "full_name", "id_number", "birth_date", "sex", "phone", "address",
};

static gboolean G_GNUC_PRINTF (3, 4)
schema_error (GError     **error,
              const char  *where,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_SCHEMA, "%s: %s", where, message);
  return FALSE;
}

/* A string member: FALSE (with @error) when present and not a non-empty
 * string, or absent and @required. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char  *where,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return schema_error (error, where, "“%s” is missing", member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return schema_error (error, where, "“%s” must be a non-empty string", member);
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return schema_error (error, where, "“%s” is not UTF-8", member);
  *out = g_utf8_normalize (json_node_get_string (node), -1, G_NORMALIZE_NFC);
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean    *out_has,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_has = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return schema_error (error, where, "“%s” must be a number", member);
  *out_has = TRUE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          const char  *where,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return schema_error (error, where, "“%s” must be true or false", member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (json_node_get_array (node)) == 0)
    {
      schema_error (error, where, "“%s” must be a non-empty array", member);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
is_identifier (const char *text)
{
  if (text == NULL || !g_ascii_islower (*text))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static McFormOption *
parse_option (JsonNode    *node,
              const char  *where,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  McFormOption *option;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, where, "an option must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  option = g_new0 (McFormOption, 1);
  if (!get_string (object, "value", TRUE, where, &option->value, &local_error)
      || !get_string (object, "label", TRUE, where, &option->label, &local_error)
      || !get_string (object, "label_en", FALSE, where, &option->label_en, &local_error))
    {
      option_free (option);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return option;
}

static McFormField *
parse_field (JsonNode    *node,
             const char  *group_id,
             const char  *where,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *input = NULL;
  McFormField *field;
  JsonObject *object;
  gboolean type_found = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, where, "a field must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  field = g_new0 (McFormField, 1);

#define FAIL_IF(cond) G_STMT_START { if (cond) goto fail; } G_STMT_END
  FAIL_IF (!get_string (object, "id", TRUE, where, &field->id, &local_error));
  if (!is_identifier (field->id))
    {
      schema_error (&local_error, where, "“id” “%s” must be lower-case letters, digits and _",
                    field->id);
      goto fail;
    }
  field->key = g_strconcat (group_id, ".", field->id, NULL);
  FAIL_IF (!get_string (object, "type", TRUE, where, &type, &local_error));
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (type, type_names[i]))
      {
        field->type = i;
        type_found = TRUE;
      }
  if (!type_found)
    {
      schema_error (&local_error, where, "unknown type “%s”", type);
      goto fail;
    }
  FAIL_IF (!get_string (object, "label", TRUE, where, &field->label, &local_error));
  FAIL_IF (!get_string (object, "label_en", FALSE, where, &field->label_en, &local_error));
  FAIL_IF (!get_string (object, "hint", FALSE, where, &field->hint, &local_error));
  FAIL_IF (!get_string (object, "hint_en", FALSE, where, &field->hint_en, &local_error));
  FAIL_IF (!get_bool (object, "required", where, &field->required, &local_error));
  FAIL_IF (!get_string (object, "pattern", FALSE, where, &field->pattern, &local_error));
  FAIL_IF (!get_string (object, "pattern_message", FALSE, where, &field->pattern_message,
                        &local_error));
  FAIL_IF (!get_string (object, "pattern_message_en", FALSE, where, &field->pattern_message_en,
                        &local_error));
  FAIL_IF (!get_number (object, "min", where, &field->has_min, &field->min, &local_error));
  FAIL_IF (!get_number (object, "max", where, &field->has_max, &field->max, &local_error));
  FAIL_IF (!get_string (object, "from_applicant", FALSE, where, &field->from_applicant,
                        &local_error));
  FAIL_IF (!get_string (object, "default", FALSE, where, &field->default_value, &local_error));
  FAIL_IF (!get_string (object, "input", FALSE, where, &input, &local_error));

  if (input == NULL || g_str_equal (input, "text"))
    field->input = MC_FORM_INPUT_TEXT;
  else if (g_str_equal (input, "name"))
    field->input = MC_FORM_INPUT_NAME;
  else if (g_str_equal (input, "digits"))
    field->input = MC_FORM_INPUT_DIGITS;
  else
    {
      schema_error (&local_error, where, "unknown input “%s” (text, name or digits)", input);
      goto fail;
    }

  if (field->pattern != NULL)
    {
      g_autoptr(GError) regex_error = NULL;
      g_autofree char *anchored = NULL;

      if (field->type != MC_FORM_FIELD_TEXT)
        {
          schema_error (&local_error, where, "“pattern” is for text fields only");
          goto fail;
        }
      /* The whole answer must match. */
      anchored = g_strdup_printf ("^(?:%s)$", field->pattern);
      field->regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &regex_error);
      if (field->regex == NULL)
        {
          schema_error (&local_error, where, "“pattern” does not compile: %s",
                        regex_error->message);
          goto fail;
        }
      if (field->pattern_message == NULL)
        {
          schema_error (&local_error, where, "a “pattern” needs a “pattern_message”");
          goto fail;
        }
    }
  if (field->has_min && field->has_max && field->min > field->max)
    {
      schema_error (&local_error, where, "“min” is greater than “max”");
      goto fail;
    }

  if (field->type == MC_FORM_FIELD_CHOICE)
    {
      JsonArray *options = get_array (object, "options", where, &local_error);

      FAIL_IF (options == NULL);
      field->options = g_ptr_array_new_with_free_func ((GDestroyNotify) option_free);
      for (guint i = 0; i < json_array_get_length (options); i++)
        {
          g_autofree char *option_where = g_strdup_printf ("%s.options[%u]", where, i);
          McFormOption *option = parse_option (json_array_get_element (options, i),
                                               option_where, &local_error);

          FAIL_IF (option == NULL);
          for (guint j = 0; j < field->options->len; j++)
            if (g_str_equal (((McFormOption *) field->options->pdata[j])->value, option->value))
              {
                schema_error (&local_error, option_where, "the value “%s” comes twice",
                              option->value);
                option_free (option);
                goto fail;
              }
          g_ptr_array_add (field->options, option);
        }
    }
  else if (json_object_has_member (object, "options"))
    {
      schema_error (&local_error, where, "“options” are for choice fields only");
      goto fail;
    }

  if (field->from_applicant != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (applicant_names); i++)
        known |= g_str_equal (field->from_applicant, applicant_names[i]);
      if (!known)
        {
          schema_error (&local_error, where, "unknown “from_applicant” “%s”",
                        field->from_applicant);
          goto fail;
        }
      if ((g_str_equal (field->from_applicant, "address")) != (field->type == MC_FORM_FIELD_ADDRESS))
        {
          schema_error (&local_error, where,
                        "“from_applicant” “address” goes with an address field, and only it");
          goto fail;
        }
    }

  if (field->default_value != NULL)
    {
      g_autoptr(GError) check_error = NULL;

      if (field->type == MC_FORM_FIELD_ADDRESS || !mc_form_field_check (field, field->default_value,
                                                                         &check_error))
        {
          schema_error (&local_error, where, "the “default” is not a valid answer");
          goto fail;
        }
    }
#undef FAIL_IF

  return field;

fail:
  field_free (field);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static McFormGroup *
parse_group (JsonNode    *node,
             const char  *where,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  McFormGroup *group;
  JsonObject *object;
  JsonArray *fields;
  gboolean copies = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, where, "a group must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  group = g_new0 (McFormGroup, 1);
  group->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  if (!get_string (object, "id", TRUE, where, &group->id, &local_error)
      || !get_string (object, "title", TRUE, where, &group->title, &local_error)
      || !get_string (object, "title_en", FALSE, where, &group->title_en, &local_error)
      || !get_string (object, "hint", FALSE, where, &group->hint, &local_error)
      || !get_string (object, "hint_en", FALSE, where, &group->hint_en, &local_error)
      || !get_string (object, "same_as_applicant", FALSE, where, &group->same_as_applicant,
                      &local_error)
      || !get_string (object, "same_as_applicant_en", FALSE, where,
                      &group->same_as_applicant_en, &local_error))
    goto fail;
  if (!is_identifier (group->id))
    {
      schema_error (&local_error, where, "“id” “%s” must be lower-case letters, digits and _",
                    group->id);
      goto fail;
    }
  fields = get_array (object, "fields", where, &local_error);
  if (fields == NULL)
    goto fail;
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      g_autofree char *field_where = g_strdup_printf ("%s.fields[%u]", where, i);
      McFormField *field = parse_field (json_array_get_element (fields, i), group->id,
                                        field_where, &local_error);

      if (field == NULL)
        goto fail;
      for (guint j = 0; j < group->fields->len; j++)
        if (g_str_equal (((McFormField *) group->fields->pdata[j])->id, field->id))
          {
            schema_error (&local_error, field_where, "the id “%s” comes twice in the group",
                          field->id);
            field_free (field);
            goto fail;
          }
      copies |= field->from_applicant != NULL;
      g_ptr_array_add (group->fields, field);
    }
  if (group->same_as_applicant != NULL && !copies)
    {
      schema_error (&local_error, where,
                    "“same_as_applicant” needs a field with “from_applicant”");
      goto fail;
    }
  return group;

fail:
  group_free (group);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static McForm *
parse_form (JsonNode    *node,
            const char  *where,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McForm) form = NULL;
  JsonObject *object;
  JsonArray *groups;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      schema_error (error, where, "a form must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  form = g_new0 (McForm, 1);
  g_atomic_ref_count_init (&form->ref);
  form->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  if (!get_string (object, "procedure_code", TRUE, where, &form->code, error))
    return NULL;
  groups = get_array (object, "groups", where, error);
  if (groups == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      g_autofree char *group_where = g_strdup_printf ("%s.groups[%u]", where, i);
      McFormGroup *group = parse_group (json_array_get_element (groups, i), group_where,
                                        &local_error);

      if (group == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      for (guint j = 0; j < form->groups->len; j++)
        if (g_str_equal (((McFormGroup *) form->groups->pdata[j])->id, group->id))
          {
            schema_error (error, group_where, "the group id “%s” comes twice", group->id);
            group_free (group);
            return NULL;
          }
      g_ptr_array_add (form->groups, group);
    }
  return g_steal_pointer (&form);
}

McForms *
mc_forms_new_from_data (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McForms) self = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *forms;
  gint64 version;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      schema_error (error, "forms.json", "the file must hold a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  version = json_object_get_int_member_with_default (object, "version", 0);
  if (version != 1)
    {
      schema_error (error, "forms.json", "“version” must be 1");
      return NULL;
    }
  forms = get_array (object, "forms", "forms.json", error);
  if (forms == NULL)
    return NULL;

  self = g_new0 (McForms, 1);
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_form_unref);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      g_autofree char *where = g_strdup_printf ("forms[%u]", i);
      McForm *form = parse_form (json_array_get_element (forms, i), where, error);

      if (form == NULL)
        return NULL;
      if (g_hash_table_contains (self->by_code, form->code))
        {
          schema_error (error, where, "procedure “%s” has two forms", form->code);
          mc_form_unref (form);
          return NULL;
        }
      g_ptr_array_add (self->forms, form);
      g_hash_table_insert (self->by_code, form->code, form);
      if (g_str_equal (form->code, DEFAULT_CODE))
        self->fallback = form;
      else
        g_ptr_array_add (self->codes, g_strdup (form->code));
    }
  return g_steal_pointer (&self);
}

McForms *
mc_forms_new_from_file (const char  *path,
                        GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return mc_forms_new_from_data (data, length, error);
}

McForms *
mc_forms_load_default (GError **error)
{
  const char *dirs[] = { g_getenv ("MOTCUA_DATA_DIR"), SRCDATADIR, PKGDATADIR };
  const char *file = g_getenv ("MOTCUA_FORMS_FILE");

  if (file != NULL && *file != '\0')
    return mc_forms_new_from_file (file, error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], FORMS_FILE, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return mc_forms_new_from_file (path, error);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "No %s found", FORMS_FILE);
  return NULL;
}

McForm *
mc_forms_lookup (McForms    *self,
                 const char *procedure_code)
{
  McForm *form;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (procedure_code != NULL, NULL);

  form = g_hash_table_lookup (self->by_code, procedure_code);
  return form != NULL ? form : self->fallback;
}

GPtrArray *
mc_forms_get_codes (McForms *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->codes;
}

const char *
mc_form_get_code (McForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}

guint
mc_form_get_n_groups (McForm *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->groups->len;
}

McFormGroup *
mc_form_get_group (McForm *self,
                   guint   index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->groups->len, NULL);
  return self->groups->pdata[index];
}

McFormField *
mc_form_find_field (McForm     *self,
                    const char *key,
                    guint      *out_group_index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      McFormGroup *group = self->groups->pdata[i];

      for (guint j = 0; j < group->fields->len; j++)
        {
          McFormField *field = group->fields->pdata[j];

          if (g_str_equal (field->key, key))
            {
              if (out_group_index != NULL)
                *out_group_index = i;
              return field;
            }
        }
    }
  return NULL;
}

const char *
mc_form_option_label (const McFormField *field,
                      const char        *value,
                      gboolean           english)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (field->options == NULL || value == NULL)
    return NULL;
  for (guint i = 0; i < field->options->len; i++)
    {
      McFormOption *option = field->options->pdata[i];

      if (g_str_equal (option->value, value))
        return english && option->label_en != NULL ? option->label_en : option->label;
    }
  return NULL;
}

/* Checks ------------------------------------------------------------------ */

char *
mc_form_normalize_phone (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+')
    {
      if (p[1] != '8' || p[2] != '4')
        return NULL;
      g_string_append_c (digits, '0');
      p += 3;
    }
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '.' && *p != '-')
        return NULL;
    }

  /* Mobile numbers have 10 digits with the 0; landlines 11, as 0 + 2xx area code
   * + 8 digits (the 2017 numbering plan). "+84 0…" is a common slip: not valid. */
  if (digits->len < 2 || digits->str[0] != '0' || digits->str[1] == '0')
    return NULL;
  if (digits->len == 10 || (digits->len == 11 && digits->str[1] == '2'))
    return g_string_free (g_steal_pointer (&digits), FALSE);
  return NULL;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  /* Digits, an optional minus and a decimal comma or point: "2,5". */
  g_strdelimit (copy, ",", '.');
  if (*copy == '\0' || strspn (copy, "-0123456789.") != strlen (copy))
    return FALSE;
  *out = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0';
}

static gboolean
email_valid (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || strchr (text, ' ') != NULL)
    return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
english_wanted (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "en");
}

gboolean
mc_form_field_check (const McFormField *field,
                     const char        *value,
                     GError           **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (field->type != MC_FORM_FIELD_ADDRESS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = mc_text_collapse (value != NULL ? value : "");
  if (text == NULL)
    return invalid (error, _("This answer has characters the kiosk cannot read."));
  if (*text == '\0')
    {
      if (!field->required)
        return TRUE;
      if (field->type == MC_FORM_FIELD_CHOICE)
        return invalid (error, _("Please choose one."));
      if (field->type == MC_FORM_FIELD_DATE)
        return invalid (error, _("Please choose the date."));
      return invalid (error, _("Please fill this in."));
    }

  switch (field->type)
    {
    case MC_FORM_FIELD_TEXT:
      {
        glong len = g_utf8_strlen (text, -1);

        if (field->has_min && len < field->min)
          {
            g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                         g_dngettext (GETTEXT_PACKAGE, "Write at least %d character.",
                                      "Write at least %d characters.", (gulong) field->min),
                         (int) field->min);
            return FALSE;
          }
        if (field->has_max && len > field->max)
          {
            g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                         g_dngettext (GETTEXT_PACKAGE, "Write at most %d character.",
                                      "Write at most %d characters.", (gulong) field->max),
                         (int) field->max);
            return FALSE;
          }
        if (field->regex != NULL && !g_regex_match (field->regex, text, 0, NULL))
          return invalid (error, english_wanted () && field->pattern_message_en != NULL
                                 ? field->pattern_message_en : field->pattern_message);
        return TRUE;
      }

    case MC_FORM_FIELD_NUMBER:
      {
        double number;

        if (!parse_number (text, &number))
          return invalid (error, _("Write a number, with digits only."));
        if ((field->has_min && number < field->min) || (field->has_max && number > field->max))
          {
            g_autofree char *min = g_strdup_printf ("%g", field->min);
            g_autofree char *max = g_strdup_printf ("%g", field->max);

            if (field->has_min && field->has_max)
              /* Translators: %s and %s are the smallest and largest allowed numbers */
              g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                           _("Write a number from %s to %s."), min, max);
            else if (field->has_min)
              g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                           _("Write a number of at least %s."), min);
            else
              g_set_error (error, MC_FORM_ERROR, MC_FORM_ERROR_INVALID,
                           _("Write a number of at most %s."), max);
            return FALSE;
          }
        return TRUE;
      }

    case MC_FORM_FIELD_DATE:
      {
        g_autoptr(GDate) date = mc_parse_birth_date (text);
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        GDate today;
        int days;

        if (date == NULL || g_date_get_year (date) < 1900)
          return invalid (error, _("Choose a real date: day, month and year, e.g. 17/05/2024."));
        g_date_clear (&today, 1);
        g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                        g_date_time_get_month (now), g_date_time_get_year (now));
        days = g_date_days_between (&today, date);
        if (field->has_max && days > field->max)
          return invalid (error, field->max <= 0 ? _("This date cannot be in the future.")
                                                 : _("This date is too far in the future."));
        if (field->has_min && days < field->min)
          return invalid (error, _("This date is too far in the past."));
        return TRUE;
      }

    case MC_FORM_FIELD_CHOICE:
      if (mc_form_option_label (field, text, FALSE) == NULL)
        return invalid (error, _("Please choose one."));
      return TRUE;

    case MC_FORM_FIELD_PHONE:
      {
        g_autofree char *phone = mc_form_normalize_phone (text);

        if (phone == NULL)
          return invalid (error, _("The phone number must have 10 digits starting with 0 "
                                   "(e.g. 0912 345 678), or 11 for a landline (e.g. 024 3825 "
                                   "1234); +84 may replace the first 0."));
        return TRUE;
      }

    case MC_FORM_FIELD_EMAIL:
      if (!email_valid (text))
        return invalid (error, _("Write the email address like name@example.com."));
      return TRUE;

    case MC_FORM_FIELD_ADDRESS:
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
mc_form_field_to_json (const McFormField *field,
                       const char        *value)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (field->type != MC_FORM_FIELD_ADDRESS, NULL);

  if (value == NULL || !mc_form_field_check (field, value, NULL))
    return NULL;
  text = mc_text_collapse (value);
  if (text == NULL || *text == '\0')
    return NULL;

  switch (field->type)
    {
    case MC_FORM_FIELD_NUMBER:
      {
        double number = 0;

        parse_number (text, &number);
        if (number == (double) (gint64) number)
          return json_node_init_int (json_node_alloc (), (gint64) number);
        return json_node_init_double (json_node_alloc (), number);
      }
    case MC_FORM_FIELD_DATE:
      {
        g_autoptr(GDate) date = mc_parse_birth_date (text);
        g_autofree char *iso = g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                                                (guint) g_date_get_month (date),
                                                (guint) g_date_get_day (date));

        return json_node_init_string (json_node_alloc (), iso);
      }
    case MC_FORM_FIELD_PHONE:
      {
        g_autofree char *phone = mc_form_normalize_phone (text);

        return json_node_init_string (json_node_alloc (), phone);
      }
    case MC_FORM_FIELD_TEXT:
    case MC_FORM_FIELD_CHOICE:
    case MC_FORM_FIELD_EMAIL:
    case MC_FORM_FIELD_ADDRESS:
    default:
      return json_node_init_string (json_node_alloc (), text);
    }
}
