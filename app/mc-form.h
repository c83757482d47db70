/* mc-form.h: the form schema per procedure (data/forms.json, described in
 * data/README.md): the question groups a procedure asks after the
 * applicant's own details, their fields, and the checks of one answer.
 *
 * A field's answer is text as the citizen gave it ("17/05/2024" for a date,
 * an option's value for a choice); an address answer is an McAddress (see
 * mc-dossier.h, which keeps the answers). Labels come in Vietnamese and
 * English: @english picks the English one when the schema has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MC_FORM_ERROR (mc_form_error_quark ())
typedef enum {
  MC_FORM_ERROR_SCHEMA,   /* the schema file is wrong: the message says where */
  MC_FORM_ERROR_INVALID,  /* an answer is wrong: a translated message for the citizen */
} McFormError;
GQuark mc_form_error_quark (void);

typedef enum {
  MC_FORM_FIELD_TEXT,
  MC_FORM_FIELD_NUMBER,
  MC_FORM_FIELD_DATE,
  MC_FORM_FIELD_CHOICE,
  MC_FORM_FIELD_ADDRESS,
  MC_FORM_FIELD_PHONE,
  MC_FORM_FIELD_EMAIL,
} McFormFieldType;

/* What the on-screen keyboard shows for a text field. */
typedef enum {
  MC_FORM_INPUT_TEXT,    /* letters */
  MC_FORM_INPUT_NAME,    /* letters, each word capitalised */
  MC_FORM_INPUT_DIGITS,  /* the numeric pad */
} McFormInput;

typedef struct {
  char *value;     /* what goes to the portal */
  char *label;     /* Vietnamese */
  char *label_en;  /* nullable */
} McFormOption;

typedef struct {
  char            *id;         /* "full_name": unique in its group */
  char            *key;        /* "child.full_name": the answer's key */
  McFormFieldType  type;
  McFormInput      input;
  char            *label, *label_en;
  char            *hint, *hint_en;        /* nullable */
  gboolean         required;
  char            *pattern;               /* nullable: text, whole value */
  char            *pattern_message, *pattern_message_en; /* nullable */
  gboolean         has_min, has_max;
  double           min, max;  /* number: the value; text: characters;
                               * date: days from today (max 0: not in the future) */
  GPtrArray       *options;   /* McFormOption*, choice only */
  char            *from_applicant; /* nullable: "full_name", "id_number",
                                    * "birth_date", "sex", "phone" or "address" */
  char            *default_value;  /* nullable */
  GRegex          *regex;          /* compiled @pattern */
} McFormField;

typedef struct {
  char      *id;            /* "child" */
  char      *title, *title_en;
  char      *hint, *hint_en;                   /* nullable */
  char      *same_as_applicant, *same_as_applicant_en; /* nullable: the
                             * shortcut button's label; it copies every field
                             * that has from_applicant */
  GPtrArray *fields;        /* McFormField* */
} McFormGroup;

typedef struct _McForm McForm;
typedef struct _McForms McForms;

/* Every schema of a file; NULL with MC_FORM_ERROR_SCHEMA (or a JSON/IO
 * error) saying what is wrong and where ("forms[2].groups[0].fields[3]:
 * unknown type “colour”"). */
McForms     *mc_forms_new_from_file   (const char  *path,
                                       GError     **error);
McForms     *mc_forms_new_from_data   (const char  *data,
                                       gssize       length,
                                       GError     **error);
/* data/forms.json: $MOTCUA_FORMS_FILE, or forms.json in $MOTCUA_DATA_DIR,
 * the source tree's data/ or the installed data directory. */
McForms     *mc_forms_load_default    (GError     **error);
void         mc_forms_free            (McForms     *self);

/* The schema of @procedure_code, or the default one ("*") when it has none.
 * Borrowed from @self. */
McForm      *mc_forms_lookup          (McForms     *self,
                                       const char  *procedure_code);
/* The procedure codes that have their own schema (not "*"); borrowed. */
GPtrArray   *mc_forms_get_codes       (McForms     *self);

McForm      *mc_form_ref              (McForm      *self);
void         mc_form_unref            (McForm      *self);
const char  *mc_form_get_code         (McForm      *self);   /* "*" for the default */
guint        mc_form_get_n_groups     (McForm      *self);
McFormGroup *mc_form_get_group        (McForm      *self,
                                       guint        index);
/* The field of an answer's key, or NULL; @out_group_index may be NULL. */
McFormField *mc_form_find_field       (McForm      *self,
                                       const char  *key,
                                       guint       *out_group_index);

const char  *mc_form_option_label     (const McFormField *field,
                                       const char        *value,
                                       gboolean           english);

/* Checks one answer (NULL or "" is no answer; not for addresses): a translated
 * message for the citizen on failure. */
gboolean     mc_form_field_check      (const McFormField *field,
                                       const char        *value,
                                       GError           **error);
/* The answer as it goes to the portal: a date "yyyy-mm-dd", a number a JSON
 * number, a phone its digits, text NFC with white space collapsed. NULL when
 * the answer is empty or does not check. */
JsonNode    *mc_form_field_to_json    (const McFormField *field,
                                       const char        *value);

/* "0xxxxxxxxx" or "02xxxxxxxxx" from what was typed; NULL when no phone number. */
char        *mc_form_normalize_phone  (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McForms, mc_forms_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McForm, mc_form_unref)

G_END_DECLS
