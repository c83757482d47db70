/* mc-dossier.h: a dossier (hồ sơ) as the citizen fills it in, its validation,
 * and its JSON form for the portal (docs/portal-protocol.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "mc-form.h"
#include "mc-identity.h"

G_BEGIN_DECLS

#define MC_DOSSIER_ERROR (mc_dossier_error_quark ())
typedef enum {
  MC_DOSSIER_ERROR_INVALID,  /* a field is wrong: see the message */
} McDossierError;
GQuark mc_dossier_error_quark (void);

/* The fields a dossier has so far; the form schema per procedure comes later. */
typedef enum {
  MC_DOSSIER_FIELD_FULL_NAME,
  MC_DOSSIER_FIELD_ID_NUMBER,
  MC_DOSSIER_FIELD_BIRTH_DATE,
  MC_DOSSIER_FIELD_SEX,
  MC_DOSSIER_FIELD_PHONE,
  MC_DOSSIER_N_FIELDS
} McDossierField;

typedef struct _McDossier McDossier;

/* Where the applicant lives, in the 2025 units (mc-units.h). */
typedef struct {
  char  *street;         /* house number, street, hamlet: as typed */
  guint  commune_code;   /* GSO code of the commune/ward; 0 = not chosen */
  char  *commune;        /* "Phường Hoàn Kiếm" */
  guint  province_code;  /* GSO code of the province/city; 0 = not chosen */
  char  *province;       /* "Thành phố Hà Nội" */
} McAddress;

McDossier  *mc_dossier_new            (const char     *procedure_code);
void        mc_dossier_free           (McDossier      *self);

const char *mc_dossier_get_procedure_code (McDossier *self);

/* A required document the clerk let the citizen go without (after the clerk's
 * PIN), with the clerk's reason: "waived_documents" in the JSON. Another
 * waiver for the same @document replaces the first. */
void        mc_dossier_add_waiver     (McDossier      *self,
                                       const char     *document,
                                       const char     *reason);
void        mc_dossier_clear_waivers  (McDossier      *self);
guint       mc_dossier_get_n_waivers  (McDossier      *self);

/* Text values as typed; the birth date as "dd/mm/yyyy" (also accepts d/m/yyyy,
 * dd-mm-yyyy, ddmmyyyy); sex as "male"/"female"/"" . */
void        mc_dossier_set            (McDossier      *self,
                                       McDossierField  field,
                                       const char     *value);
const char *mc_dossier_get            (McDossier      *self,
                                       McDossierField  field);

/* The address (all nullable; codes 0 when not chosen); cleared with NULLs
 * and zeros. It goes into the JSON as applicant.address once a province is
 * chosen. */
void        mc_dossier_set_address    (McDossier      *self,
                                       const char     *street,
                                       guint           commune_code,
                                       const char     *commune,
                                       guint           province_code,
                                       const char     *province);
/* Never NULL; fields NULL/0 when unset. */
const McAddress *mc_dossier_get_address (McDossier    *self);

/* Checks one field (with the others as context: the CCCD against birth date and
 * sex). On failure a translated message for that field. */
gboolean    mc_dossier_validate_field (McDossier      *self,
                                       McDossierField  field,
                                       GError        **error);
/* Checks every field; the first failing field goes to @out_field. */
gboolean    mc_dossier_validate       (McDossier      *self,
                                       McDossierField *out_field,
                                       GError        **error);

/* Parses "dd/mm/yyyy" and friends; NULL when not a real date. */
GDate      *mc_parse_birth_date       (const char     *text);

/* The JSON body of POST /api/v1/dossiers, without "client" (the store adds it
 * when it finalizes the dossier). Names trimmed and whitespace-collapsed, text NFC.
 * The dossier must validate. */
char       *mc_dossier_to_json        (McDossier      *self);

/* The fields as typed, valid or not, for a draft (mc_store_save_draft()):
 * {"full_name": …, "id_number": …, "birth_date": …, "sex": …, "phone": …,
 *  "address": {…} (when a province is chosen)}. */
char       *mc_dossier_to_draft_json  (McDossier      *self);
/* A dossier for @procedure_code from such a draft; unknown members are
 * ignored; NULL with @error when it is not a JSON object. */
McDossier  *mc_dossier_new_from_draft (const char     *procedure_code,
                                       const char     *draft_json,
                                       GError        **error);

/* The procedure's own form (mc-form.h): what it asks beyond the applicant.
 * Answers are kept by key ("child.full_name") as typed, addresses as an
 * McAddress; they go to the portal as "fields": {group: {field: value}}
 * (docs/portal-protocol.md) and into the draft as "answers". */
void        mc_dossier_set_form       (McDossier      *self,
                                       McForm         *form);   /* nullable; ref taken */
McForm     *mc_dossier_get_form       (McDossier      *self);   /* nullable, borrowed */
void        mc_dossier_set_answer     (McDossier      *self,
                                       const char     *key,
                                       const char     *value);  /* NULL/"" clears */
/* Never NULL: "" when there is no answer. */
const char *mc_dossier_get_answer     (McDossier      *self,
                                       const char     *key);
void        mc_dossier_set_answer_address (McDossier       *self,
                                           const char      *key,
                                           const McAddress *address); /* NULL clears */
/* Nullable. */
const McAddress *mc_dossier_get_answer_address (McDossier  *self,
                                                const char *key);
/* Checks one answer of the form (an address: province and commune chosen when
 * required); a translated message for the citizen on failure. */
gboolean    mc_dossier_check_answer   (McDossier         *self,
                                       const McFormField *field,
                                       GError           **error);
/* Checks every answer of group @group_index (every group: G_MAXUINT); the
 * first failing field's key goes to @out_key (borrowed from the form). */
gboolean    mc_dossier_validate_answers (McDossier    *self,
                                         guint         group_index,
                                         const char  **out_key,
                                         GError      **error);
/* "Same as the applicant": every field of the group with from_applicant
 * gets the applicant's value (the name, CCCD, birth date, sex, phone or
 * address as the dossier has them now). */
void        mc_dossier_copy_applicant (McDossier      *self,
                                       guint           group_index);
/* The declarant said which group is them ("declarant.relationship"
 * answered with a group's id, e.g. "mother"): that group, when it has "same
 * as the applicant", starts with the applicant's details, unless one of its
 * copied answers was given already. Returns whether it copied them. */
gboolean    mc_dossier_prefill_declarant (McDossier   *self,
                                          guint        group_index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDossier, mc_dossier_free)

G_END_DECLS
