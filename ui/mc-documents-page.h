/* mc-documents-page.h: the documents step of a dossier: the procedure's
 * required documents as a checklist, each scanned or imported into a PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-catalogue.h"
#include "mc-dossier.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DOCUMENTS_PAGE (mc_documents_page_get_type ())
G_DECLARE_FINAL_TYPE (McDocumentsPage, mc_documents_page, MC, DOCUMENTS_PAGE, GtkBox)

/* @store is borrowed (the application's): the portal's size limits.
 * PDFs are made in @work_dir. Signal "continue": every required document is
 * provided (or waived); the window then submits with
 * mc_documents_page_get_attachments(). */
McDocumentsPage *mc_documents_page_new (McProcedure *procedure,
                                        McStore     *store,
                                        const char  *work_dir);
McProcedure     *mc_documents_page_get_procedure   (McDocumentsPage *self);
/* The header's "Back": from scanning or choosing a file to the checklist
 * (TRUE), or FALSE when the checklist shows (the window goes to the form). */
gboolean         mc_documents_page_go_back         (McDocumentsPage *self);
/* McAttachmentSpec* (owned by the page; valid while it lives): one PDF per
 * provided document, in the checklist's order. */
GPtrArray       *mc_documents_page_get_attachments (McDocumentsPage *self);
/* After a language switch: what @old (the same procedure's page, about to be
 * dropped) holds, its documents' pages and PDFs and the clerk's waivers, moves
 * to @self; a scan or a PDF under way in @old is not carried over. */
void             mc_documents_page_take_from       (McDocumentsPage *self,
                                                    McDocumentsPage *old);
/* Every required document provided or waived, and no PDF being made. */
gboolean         mc_documents_page_is_complete     (McDocumentsPage *self);
/* Complete, and the citizen went on from it once ("Continue"): coming back to
 * the form from the review, the form's submit returns to the review. */
gboolean         mc_documents_page_get_passed      (McDocumentsPage *self);
/* Puts the clerk's waivers (required documents skipped with the clerk PIN,
 * and not provided after all) into @dossier, replacing any there. */
void             mc_documents_page_apply_waivers   (McDocumentsPage *self,
                                                    McDossier       *dossier);
/* For the review: a document provided (its PDF) or skipped by the clerk. */
typedef struct {
  const char *name;          /* the procedure's name of the document */
  guint       n_pages;       /* 0 when waived */
  gint64      size;          /* bytes of the PDF; 0 when waived */
  const char *waive_reason;  /* nullable: the clerk's reason, when waived */
} McDocumentSummary;

/* Every document provided or waived, in the checklist's order (a GArray of
 * McDocumentSummary; its strings are the page's, valid while it lives and is
 * not changed). */
GArray          *mc_documents_page_get_summary     (McDocumentsPage *self);
/* Whether a document blocks "Continue" until provided (@grouped: some document
 * of the procedure has a group); see the .c. */
gboolean         mc_required_document_is_required  (const McRequiredDocument *document,
                                                    gboolean                  grouped);

G_END_DECLS
