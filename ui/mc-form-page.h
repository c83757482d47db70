/* mc-form-page.h: one question group of the procedure's form (mc-form.h) on
 * one screen, generated from the schema: entries (the on-screen keyboard,
 * the numeric pad for numbers and phones), the touch date picker, choices as
 * big toggle buttons, the address picker, and a "same as the applicant"
 * button where the schema has one. Every answer goes into the dossier at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-dossier.h"

G_BEGIN_DECLS

#define MC_TYPE_FORM_PAGE (mc_form_page_get_type ())
G_DECLARE_FINAL_TYPE (McFormPage, mc_form_page, MC, FORM_PAGE, GtkWidget)

/* Signals: "next" (): every answer of the group checks; "changed" (): an
 * answer was written into the dossier (save the draft).
 * @dossier is borrowed (the window owns it) and must have a form with
 * group @group_index. @english: the schema's English labels. */
McFormPage *mc_form_page_new        (McDossier  *dossier,
                                     guint       group_index,
                                     const char *procedure_name,
                                     gboolean    english);
guint       mc_form_page_get_group  (McFormPage *self);
/* Focuses the control of answer @key (the review's "Change"). */
void        mc_form_page_focus_key  (McFormPage *self,
                                     const char *key);
/* Checks every answer, showing the messages; TRUE when all are valid. */
gboolean    mc_form_page_validate   (McFormPage *self);

G_END_DECLS
