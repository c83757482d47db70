/* mc-review-page.h: every answer of the dossier in big type before it is
 * sent; tapping a line goes back to that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-documents-page.h"
#include "mc-dossier.h"

G_BEGIN_DECLS

#define MC_TYPE_REVIEW_PAGE (mc_review_page_get_type ())
G_DECLARE_FINAL_TYPE (McReviewPage, mc_review_page, MC, REVIEW_PAGE, GtkWidget)

/* Signals: "edit" (int field: a McDossierField): the citizen tapped that line;
 * "edit-answer" (const char *key): a line of the procedure's form
 * ("child.full_name"; lines named "review-<key>");
 * "documents" (): a document's line was tapped; "submit" (): "Submit dossier".
 * @dossier is borrowed (the window owns it). */
McReviewPage *mc_review_page_new     (McDossier    *dossier,
                                      const char   *procedure_name);
/* The documents section: @summary (a GArray of McDocumentSummary, read at
 * once) one line each, name and pages and size, or the clerk's waiver and reason;
 * tapping a line emits "documents" () (the window goes to the documents
 * step). NULL or empty: no section. */
void          mc_review_page_set_documents (McReviewPage *self,
                                            GArray       *summary);
/* Shows the dossier's values as they are now. */
void          mc_review_page_refresh (McReviewPage *self);

G_END_DECLS
