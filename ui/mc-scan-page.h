/* mc-scan-page.h: scanning the pages of one document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-pages.h"
#include "mc-scan.h"

G_BEGIN_DECLS

#define MC_TYPE_SCAN_PAGE (mc_scan_page_get_type ())
G_DECLARE_FINAL_TYPE (McScanPage, mc_scan_page, MC, SCAN_PAGE, GtkBox)

/* Signals: "done" (the citizen is finished with this document), "import"
 * (no scanner: bring the file on a USB stick instead). @document is kept and
 * edited in place; @scanner is shared (one per process). */
McScanPage *mc_scan_page_new         (McScanner   *scanner,
                                      McDocument  *document,
                                      const char  *title);
McDocument *mc_scan_page_get_document (McScanPage *self);
/* The profile the citizen chose ("Photo / ID card" toggle). */
McProfile   mc_scan_page_get_profile  (McScanPage *self);
/* A scan is under way. */
gboolean    mc_scan_page_get_busy     (McScanPage *self);

G_END_DECLS
