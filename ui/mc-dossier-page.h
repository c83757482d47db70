/* mc-dossier-page.h: the dossier form: who is filing, checked field by field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-dossier.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_PAGE (mc_dossier_page_get_type ())
G_DECLARE_FINAL_TYPE (McDossierPage, mc_dossier_page, MC, DOSSIER_PAGE, GtkWidget)

/* Signals: "submit" (): every field is valid; the dossier holds the values;
 * "changed" (): an answer was written into the dossier (drafts are saved).
 * @dossier is borrowed (the window owns it) and written as the citizen types. */
McDossierPage *mc_dossier_page_new         (McDossier     *dossier,
                                            const char    *procedure_name);
McDossier     *mc_dossier_page_get_dossier (McDossierPage *self);
void           mc_dossier_page_focus_first (McDossierPage *self);
/* Focuses @field's control (the review screen's "Change");
 * MC_DOSSIER_N_FIELDS: the address's province button. */
void           mc_dossier_page_focus_field (McDossierPage  *self,
                                            McDossierField  field);
/* More steps follow this page (the form's questions, the documents, the
 * review): its button says "Continue" rather than "Submit the dossier". */
void           mc_dossier_page_set_more_steps (McDossierPage *self,
                                               gboolean       more_steps);
/* Checks every field, showing the messages; TRUE when all are valid. */
gboolean       mc_dossier_page_validate    (McDossierPage *self);

/* A CCCD QR payload (as a USB reader typed it): fills the name, number, birth
 * date and sex, shows the card's address, or shows why it cannot be used.
 * The payload is never logged. */
gboolean       mc_dossier_page_fill_from_cccd (McDossierPage *self,
                                               const char    *payload);
/* A QR code was scanned that is not a CCCD payload. */
void           mc_dossier_page_scan_not_cccd  (McDossierPage *self);

G_END_DECLS
